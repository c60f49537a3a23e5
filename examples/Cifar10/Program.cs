using System;
using Cifar10Example;

Options opts;
try
{
    opts = Options.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
Tutorial.Run(opts);
return 0;
