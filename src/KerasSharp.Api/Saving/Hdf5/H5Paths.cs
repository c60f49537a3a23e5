using PureHDF;

namespace KerasSharp.Saving;

/// <summary>HDF5 paths as h5py makes them: a name with '/' in it is groups on the way to the object.</summary>
internal static class H5Paths
{
    /// <summary>Stores <paramref name="value"/> at <paramref name="path"/> under <paramref name="group"/>, making the groups on the way.</summary>
    public static void Put(H5Group group, string path, object value)
    {
        var parts = path.Split('/');
        foreach (var part in parts[..^1])
        {
            if (!group.TryGetValue(part, out var child)) group[part] = child = new H5Group();
            group = (H5Group)child;
        }
        group[parts[^1]] = value;
    }
}
