using System;
using System.IO;
using Cifar10Example;
using KerasSharp;

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
if (opts.Help)
{
    Console.WriteLine(Options.Usage);
    return 0;
}
try
{
    Tutorial.Run(opts);
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or KerasException or ArgumentException)
{
    // What the user can fix (no data and no network, a CPU build asked for CUDA, a bad file): the sentence alone.
    Console.Error.WriteLine(e.Message);
    return 1;
}
return 0;
