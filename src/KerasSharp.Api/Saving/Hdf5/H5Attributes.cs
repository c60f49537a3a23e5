using System;
using System.Collections.Generic;
using System.Linq;
using PureHDF;

namespace KerasSharp.Saving;

/// <summary>
/// String attributes as every Keras and h5py version wrote them: fixed- or variable-length, scalar or in a one-element
/// array, NUL-padded, and Keras 2's large lists split over <c>name0</c>, <c>name1</c>, … (HDF5_OBJECT_HEADER_LIMIT).
/// </summary>
internal static class H5Attributes
{
    /// <summary>A string-array attribute, possibly chunked (<c>name0</c>, <c>name1</c>, …) when large; empty when it is float64[0].</summary>
    public static List<string> ReadStrings(IH5Group group, string name)
    {
        var result = new List<string>();
        if (group.AttributeExists(name)) result.AddRange(Strings(group.Attribute(name)));
        else
            for (int chunk = 0; group.AttributeExists($"{name}{chunk}"); chunk++)
                result.AddRange(Strings(group.Attribute($"{name}{chunk}")));
        return result;
    }

    /// <summary>A string-array attribute, possibly chunked, exists under <paramref name="name"/>.</summary>
    public static bool StringsExist(IH5Group group, string name) => group.AttributeExists(name) || group.AttributeExists($"{name}0");

    /// <summary>A scalar string attribute (or the first of an array), or null when there is none.</summary>
    public static string? ReadString(IH5Group group, string name)
    {
        if (!group.AttributeExists(name)) return null;
        var attribute = group.Attribute(name);
        return (attribute.Space.Dimensions.Length == 0 ? attribute.Read<string>() : attribute.Read<string[]>()[0]).TrimEnd('\0');
    }

    private static IEnumerable<string> Strings(IH5Attribute attribute) =>
        attribute.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength
            ? attribute.Read<string[]>().Select(s => s.TrimEnd('\0'))
            : Array.Empty<string>();
}
