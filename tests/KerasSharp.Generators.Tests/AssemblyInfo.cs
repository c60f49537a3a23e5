using Xunit;

// Parity and class tests build models under KerasBackend's process-wide session (layer-name counters, the seeded
// generator): tests running side by side would draw from them in between.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
