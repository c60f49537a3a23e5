using System;
using System.IO;
using KerasExamples;
using KerasSharp;

if (args.Length == 0 || args[0] is "--help" or "-h")
{
    Console.WriteLine(ExampleOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}
ExampleOptions options;
try
{
    options = ExampleOptions.Parse(args[1..]);
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
        case "antirectifier": KerasExamples.Antirectifier.AntirectifierScript.Run(options); break;
        case "cifar10_resnet": KerasExamples.Cifar10Resnet.Cifar10ResnetScript.Run(options); break;
        case "conv_lstm": KerasExamples.ConvLstm.ConvLstmScript.Run(options); break;
        case "fine_tune_inceptionv3": KerasExamples.FineTuneInceptionV3.FineTuneInceptionV3Script.Run(options); break;
        case "cifar10_cnn_capsule": KerasExamples.Cifar10CnnCapsule.Cifar10CnnCapsuleScript.Run(options); break;
        case "imdb_cnn_lstm": KerasExamples.ImdbCnnLstm.ImdbCnnLstmScript.Run(options); break;
        case "imdb_lstm": KerasExamples.ImdbLstm.ImdbLstmScript.Run(options); break;
        case "imdb_cnn": KerasExamples.ImdbCnn.ImdbCnnScript.Run(options); break;
        case "imdb_bidirectional_lstm": KerasExamples.ImdbBidirectionalLstm.ImdbBidirectionalLstmScript.Run(options); break;
        case "lstm_seq2seq": KerasExamples.LstmSeq2seq.LstmSeq2seqScript.Run(options); break;
        case "lstm_stateful": KerasExamples.LstmStateful.LstmStatefulScript.Run(options); break;
        case "mnist_mlp": KerasExamples.MnistMlp.MnistMlpScript.Run(options); break;
        case "mnist_acgan": KerasExamples.MnistAcgan.MnistAcganScript.Run(options); break;
        case "mnist_denoising_autoencoder": KerasExamples.MnistDenoisingAutoencoder.MnistDenoisingAutoencoderScript.Run(options); break;
        case "mnist_irnn": KerasExamples.MnistIrnn.MnistIrnnScript.Run(options); break;
        case "mnist_transfer_cnn": KerasExamples.MnistTransferCnn.MnistTransferCnnScript.Run(options); break;
        case "mnist_siamese": KerasExamples.MnistSiamese.MnistSiameseScript.Run(options); break;
        case "variational_autoencoder": KerasExamples.VariationalAutoencoder.VariationalAutoencoderScript.Run(options); break;
        default:
            Console.Error.WriteLine($"Unknown example '{args[0]}'. {ExampleOptions.Usage}");
            return 2;
    }
}
catch (Exception e) when (e is IOException or InvalidDataException or KerasException or ArgumentException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
return 0;
