using Xunit;

// Layer auto-names (conv2d_1, ...) and the seed are process-wide, as in Keras; tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
