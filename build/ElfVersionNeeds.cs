// Compiled by MSBuild's RoslynCodeTaskFactory (see KerasSharp.NativeLoad.targets) and linked into the tests.
//
// TorchSharp 0.107's libLibTorchSharp.so was linked against GCC 13's libstdc++ and asks for the symbol version
// GLIBCXX_3.4.32, only for std::ios_base_library_init, a symbol no relocation uses (GCC 13's <iostream> emits a bare
// reference to it). Debian 12 and Ubuntu 22.04 ship libstdc++ up to GLIBCXX_3.4.30, so the dynamic loader refuses the
// library. Marking that one version need VER_FLG_WEAK in .gnu.version_r makes the loader accept its absence, as
// binutils does for weak version references. Only the build output's copy is rewritten, never the NuGet cache.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class MarkElfVersionNeedsWeak : Task
{
    /// <summary>ELF shared objects to patch in place (missing files are ignored).</summary>
    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Version names to mark weak, separated by semicolons.</summary>
    [Required] public string Versions { get; set; } = "";

    public override bool Execute()
    {
        var versions = new HashSet<string>(Versions.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries));
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            if (!File.Exists(path)) continue;
            try
            {
                int changed = ElfVersionNeeds.MarkWeak(path, versions);
                if (changed > 0)
                    Log.LogMessage(MessageImportance.Normal, $"KerasSharp: marked {changed} version need(s) weak in {path}");
            }
            catch (Exception e) when (e is InvalidDataException || e is IOException)
            {
                Log.LogWarning($"KerasSharp: could not patch {path}: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }
}

/// <summary>Reads and edits the version needs (.gnu.version_r) of a little-endian ELF64 file.</summary>
public static class ElfVersionNeeds
{
    public const ushort VerFlagWeak = 0x2;
    private const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>One Vernaux entry: the version name, its flags and where the flags sit in the file.</summary>
    public readonly struct Need
    {
        public Need(string file, string name, ushort flags, int flagsOffset)
        { File = file; Name = name; Flags = flags; FlagsOffset = flagsOffset; }
        public string File { get; }
        public string Name { get; }
        public ushort Flags { get; }
        public int FlagsOffset { get; }
        public bool IsWeak => (Flags & VerFlagWeak) != 0;
    }

    public static List<Need> Read(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only little-endian ELF64 is supported");
        long shoff = (long)U64(elf, 0x28);
        int shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
        var needs = new List<Need>();
        for (int i = 0; i < shnum; i++)
        {
            int sh = checked((int)(shoff + (long)i * shentsize));
            if (U32(elf, sh + 4) != ShtGnuVerneed) continue;
            int offset = checked((int)U64(elf, sh + 24));
            int strtabHeader = checked((int)(shoff + (long)U32(elf, sh + 40) * shentsize));
            int strtab = checked((int)U64(elf, strtabHeader + 24));
            uint count = U32(elf, sh + 44);
            int vn = offset;
            for (uint n = 0; n < count; n++)
            {
                string file = CString(elf, strtab + (int)U32(elf, vn + 4));
                int aux = vn + (int)U32(elf, vn + 8);
                for (int a = 0; a < U16(elf, vn + 2); a++)
                {
                    needs.Add(new Need(file, CString(elf, strtab + (int)U32(elf, aux + 8)), U16(elf, aux + 4), aux + 4));
                    aux += (int)U32(elf, aux + 12);
                }
                vn += (int)U32(elf, vn + 12);
            }
        }
        return needs;
    }

    /// <summary>
    /// Marks the named version needs weak. The file is replaced through a temporary file (so a hard link into a
    /// package cache is never written through) and keeps its mode and timestamp, so incremental copies skip it.
    /// Returns how many needs changed; 0 leaves the file untouched.
    /// </summary>
    public static int MarkWeak(string path, ISet<string> versions)
    {
        var bytes = File.ReadAllBytes(path);
        int changed = 0;
        foreach (var need in Read(bytes))
        {
            if (!versions.Contains(need.Name) || need.IsWeak) continue;
            ushort flags = (ushort)(need.Flags | VerFlagWeak);
            bytes[need.FlagsOffset] = (byte)flags;
            bytes[need.FlagsOffset + 1] = (byte)(flags >> 8);
            changed++;
        }
        if (changed == 0) return 0;
        var stamp = File.GetLastWriteTimeUtc(path);
        var tmp = path + ".kerassharp.tmp";
        File.Copy(path, tmp, overwrite: true); // keeps the file mode (this compiles against netstandard)
        using (var stream = new FileStream(tmp, FileMode.Truncate, FileAccess.Write))
            stream.Write(bytes, 0, bytes.Length);
        File.SetLastWriteTimeUtc(tmp, stamp);
        File.Replace(tmp, path, null);
        return changed;
    }

    private static ushort U16(byte[] b, int o) => (ushort)(b[o] | b[o + 1] << 8);
    private static uint U32(byte[] b, int o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
    private static ulong U64(byte[] b, int o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;

    private static string CString(byte[] b, int o)
    {
        int end = Array.IndexOf(b, (byte)0, o);
        return Encoding.ASCII.GetString(b, o, (end < 0 ? b.Length : end) - o);
    }
}
