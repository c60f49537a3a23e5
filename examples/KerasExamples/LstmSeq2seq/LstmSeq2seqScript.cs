// A line-for-line port of Keras 2.2.4's examples/lstm_seq2seq.py: sequence to sequence example in Keras
// (character-level).
//
// This script demonstrates how to implement a basic character-level sequence-to-sequence model. We apply it to
// translating short English sentences into short French sentences, character-by-character. Note that it is fairly
// unusual to do character-level machine translation, as word-level models are more common in this domain.
//
// # Summary of the algorithm
//
// - We start with input sequences from a domain (e.g. English sentences) and corresponding target sequences from
//     another domain (e.g. French sentences).
// - An encoder LSTM turns input sequences to 2 state vectors (we keep the last LSTM state and discard the outputs).
// - A decoder LSTM is trained to turn the target sequences into the same sequence but offset by one timestep in the
//     future, a training process called "teacher forcing" in this context. Is uses as initial state the state vectors
//     from the encoder. Effectively, the decoder learns to generate `targets[t+1...]` given `targets[...t]`,
//     conditioned on the input sequence.
// - In inference mode, when we want to decode unknown input sequences, we:
//     - Encode the input sequence into state vectors
//     - Start with a target sequence of size 1 (just the start-of-sequence character)
//     - Feed the state vectors and 1-char target sequence to the decoder to produce predictions for the next character
//     - Sample the next character using these predictions (we simply use argmax).
//     - Append the sampled character to the target sequence
//     - Repeat until we generate the end-of-sequence character or we hit the character limit.
//
// # Data download
//
// English to French sentence pairs. http://www.manythings.org/anki/fra-eng.zip
// Lots of neat sentence pairs datasets can be found at: http://www.manythings.org/anki/
//
// # References
//
// - Sequence to Sequence Learning with Neural Networks https://arxiv.org/abs/1409.3215
// - Learning Phrase Representations using RNN Encoder-Decoder for Statistical Machine Translation
//     https://arxiv.org/abs/1406.1078
//
// Lines that differ from the Python are listed in docs/porting.md.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using KerasSharp;
using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using static KerasSharp.Layers.LayerFunctions;
using static TorchSharp.torch;

namespace KerasExamples.LstmSeq2seq;

public static class LstmSeq2seqScript
{
    public static (Model model, History history) Run(ExampleOptions options)
    {
        var batch_size = 64;  // Batch size for training.
        var epochs = 100;  // Number of epochs to train for.
        var latent_dim = 256;  // Latent dimensionality of the encoding space.
        var num_samples = 10000;  // Number of samples to train on.
        // Path to the data txt file on disk.
        var data_path = "fra-eng/fra.txt";
        epochs = options.Epochs ?? epochs;
        num_samples = options.Samples ?? num_samples;

        // Vectorize the data.
        var input_texts = new List<string>();
        var target_texts = new List<string>();
        ICollection<char> input_characters = new HashSet<char>();
        ICollection<char> target_characters = new HashSet<char>();
        var lines = File.ReadAllText(data_path, Encoding.UTF8).Split('\n');
        foreach (var line in lines[..Math.Min(num_samples, lines.Length - 1)])
        {
            var (input_text, target_text) = line.Split('\t');
            // We use "tab" as the "start sequence" character
            // for the targets, and "\n" as "end sequence" character.
            target_text = '\t' + target_text + '\n';
            input_texts.Add(input_text);
            target_texts.Add(target_text);
            foreach (var @char in input_text)
                if (!input_characters.Contains(@char))
                    input_characters.Add(@char);
            foreach (var @char in target_text)
                if (!target_characters.Contains(@char))
                    target_characters.Add(@char);
        }

        input_characters = input_characters.Order().ToList();
        target_characters = target_characters.Order().ToList();
        var num_encoder_tokens = input_characters.Count;
        var num_decoder_tokens = target_characters.Count;
        var max_encoder_seq_length = input_texts.Max(txt => txt.Length);
        var max_decoder_seq_length = target_texts.Max(txt => txt.Length);

        Console.WriteLine($"Number of samples: {input_texts.Count}");
        Console.WriteLine($"Number of unique input tokens: {num_encoder_tokens}");
        Console.WriteLine($"Number of unique output tokens: {num_decoder_tokens}");
        Console.WriteLine($"Max sequence length for inputs: {max_encoder_seq_length}");
        Console.WriteLine($"Max sequence length for outputs: {max_decoder_seq_length}");

        var input_token_index = new Dictionary<char, int>(
            input_characters.Select((@char, i) => KeyValuePair.Create(@char, i)));
        var target_token_index = new Dictionary<char, int>(
            target_characters.Select((@char, i) => KeyValuePair.Create(@char, i)));

        var encoder_input_data = zeros(
            new long[] { input_texts.Count, max_encoder_seq_length, num_encoder_tokens },
            dtype: ScalarType.Float32);
        var decoder_input_data = zeros(
            new long[] { input_texts.Count, max_decoder_seq_length, num_decoder_tokens },
            dtype: ScalarType.Float32);
        var decoder_target_data = zeros(
            new long[] { input_texts.Count, max_decoder_seq_length, num_decoder_tokens },
            dtype: ScalarType.Float32);

        foreach (var (i, (input_text, target_text)) in input_texts.Zip(target_texts).Index())
        {
            foreach (var (t, @char) in input_text.Index())
                encoder_input_data[i, t, input_token_index[@char]] = 1.0f;
            foreach (var (t, @char) in target_text.Index())
            {
                // decoder_target_data is ahead of decoder_input_data by one timestep
                decoder_input_data[i, t, target_token_index[@char]] = 1.0f;
                if (t > 0)
                {
                    // decoder_target_data will be ahead by one timestep
                    // and will not include the start character.
                    decoder_target_data[i, t - 1, target_token_index[@char]] = 1.0f;
                }
            }
        }

        // Define an input sequence and process it.
        var encoder_inputs = Input(shape: new Shape(null, num_encoder_tokens));
        var encoder = new LSTM(latent_dim, return_state: true);
        var (encoder_outputs, state_h, state_c) = encoder.Apply(encoder_inputs);
        // We discard `encoder_outputs` and only keep the states.
        KerasTensor[] encoder_states = [state_h, state_c];

        // Set up the decoder, using `encoder_states` as initial state.
        var decoder_inputs = Input(shape: new Shape(null, num_decoder_tokens));
        // We set up our decoder to return full output sequences,
        // and to return internal states as well. We don't use the
        // return states in the training model, but we will use them in inference.
        var decoder_lstm = new LSTM(latent_dim, return_sequences: true, return_state: true);
        var (decoder_outputs, _, _) = decoder_lstm.Apply(decoder_inputs,
                                                         initial_state: encoder_states);
        var decoder_dense = new Dense(num_decoder_tokens, activation: "softmax");
        decoder_outputs = decoder_dense.Apply(decoder_outputs);

        // Define the model that will turn
        // `encoder_input_data` & `decoder_input_data` into `decoder_target_data`
        var model = new Model([encoder_inputs, decoder_inputs], decoder_outputs);

        // Run training
        model.Compile(optimizer: "rmsprop", loss: "categorical_crossentropy");
        var history = model.Fit([encoder_input_data, decoder_input_data], decoder_target_data,
                                batch_size: batch_size,
                                epochs: epochs,
                                verbose: options.Verbose,
                                validation_split: 0.2);
        // Save model
        model.Save("s2s.h5");

        // Next: inference mode (sampling).
        // Here's the drill:
        // 1) encode input and retrieve initial decoder state
        // 2) run one step of decoder with this initial state
        // and a "start of sequence" token as target.
        // Output will be the next target token
        // 3) Repeat with the current target token and current states

        // Define sampling models
        var encoder_model = new Model(encoder_inputs, encoder_states);

        var decoder_state_input_h = Input(shape: latent_dim);
        var decoder_state_input_c = Input(shape: latent_dim);
        KerasTensor[] decoder_states_inputs = [decoder_state_input_h, decoder_state_input_c];
        (decoder_outputs, state_h, state_c) = decoder_lstm.Apply(
            decoder_inputs, initial_state: decoder_states_inputs);
        KerasTensor[] decoder_states = [state_h, state_c];
        decoder_outputs = decoder_dense.Apply(decoder_outputs);
        var decoder_model = new Model(
            [decoder_inputs, .. decoder_states_inputs],
            [decoder_outputs, .. decoder_states]);

        // Reverse-lookup token index to decode sequences back to
        // something readable.
        var reverse_input_char_index = new Dictionary<int, char>(
            input_token_index.Select(p => KeyValuePair.Create(p.Value, p.Key)));
        var reverse_target_char_index = new Dictionary<int, char>(
            target_token_index.Select(p => KeyValuePair.Create(p.Value, p.Key)));

        string decode_sequence(Tensor input_seq)
        {
            // Encode the input as state vectors.
            var states_value = encoder_model.PredictOutputs(input_seq);

            // Generate empty target sequence of length 1.
            var target_seq = zeros(1, 1, num_decoder_tokens);
            // Populate the first character of target sequence with the start character.
            target_seq[0, 0, target_token_index['\t']] = 1.0f;

            // Sampling loop for a batch of sequences
            // (to simplify, here we assume a batch of size 1).
            var stop_condition = false;
            var decoded_sentence = "";
            while (!stop_condition)
            {
                var (output_tokens, h, c) = decoder_model.PredictOutputs(
                    [target_seq, .. states_value]);

                // Sample a token
                var sampled_token_index = (int)output_tokens[0, -1, ..].argmax().item<long>();
                var sampled_char = reverse_target_char_index[sampled_token_index];
                decoded_sentence += sampled_char;

                // Exit condition: either hit max length
                // or find stop character.
                if (sampled_char == '\n' ||
                    decoded_sentence.Length > max_decoder_seq_length)
                    stop_condition = true;

                // Update the target sequence (of length 1).
                target_seq = zeros(1, 1, num_decoder_tokens);
                target_seq[0, 0, sampled_token_index] = 1.0f;

                // Update states
                states_value = [h, c];
            }

            return decoded_sentence;
        }

        for (int seq_index = 0; seq_index < Math.Min(100, input_texts.Count); seq_index++)
        {
            // Take one sequence (part of the training set)
            // for trying out decoding.
            var input_seq = encoder_input_data[seq_index..(seq_index + 1)];
            var decoded_sentence = decode_sequence(input_seq);
            Console.WriteLine("-");
            Console.WriteLine($"Input sentence: {input_texts[seq_index]}");
            Console.WriteLine($"Decoded sentence: {decoded_sentence}");
        }
        return (model, history);
    }
}
