using System;
using System.IO;
using HorovodExamples;
using KerasSharp;

if (args.Length == 0 || args[0] is "--help" or "-h")
{
    Console.WriteLine(HorovodOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}
HorovodOptions options;
try
{
    options = HorovodOptions.Parse(args[1..]);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
try
{
    switch (args[0])
    {
        case "keras_mnist": HorovodExamples.KerasMnist.KerasMnistScript.Run(options); break;
        case "keras_mnist_advanced": HorovodExamples.KerasMnistAdvanced.KerasMnistAdvancedScript.Run(options); break;
        default:
            Console.Error.WriteLine($"Unknown example '{args[0]}'. {HorovodOptions.Usage}");
            return 2;
    }
}
catch (Exception e) when (e is IOException or InvalidDataException or KerasException or ArgumentException)
{
    // A non-zero exit makes Horovod abort the other ranks (MPI_Abort) instead of leaving them in a collective.
    Console.Error.WriteLine(e.Message);
    return 1;
}
return 0;
