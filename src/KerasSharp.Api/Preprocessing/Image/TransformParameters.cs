namespace KerasSharp.Preprocessing.Image;

/// <summary>
/// One image's random transformation, Keras's <c>transform_parameters</c> dictionary: rotation <c>theta</c> and
/// <c>shear</c> in degrees, <c>tx</c>/<c>ty</c> shifts in pixels along rows/columns, zooms <c>zx</c>/<c>zy</c>,
/// flips, and the optional channel shift and brightness factor.
/// </summary>
public sealed record TransformParameters(
    double theta = 0, double tx = 0, double ty = 0, double shear = 0, double zx = 1, double zy = 1,
    bool flip_horizontal = false, bool flip_vertical = false, double? channel_shift_intensity = null,
    double? brightness = null);
