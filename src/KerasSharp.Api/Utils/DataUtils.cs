using System;
using System.Collections.Generic;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Net.Http;
using System.Security.Cryptography;
using KerasSharp.Datasets;

namespace KerasSharp.Utils;

/// <summary><c>keras.utils.data_utils</c>: fetching a file into the Keras cache.</summary>
public static class DataUtils
{
    /// <summary>
    /// Keras's <c>get_file</c>: returns <c>$KERAS_HOME/&lt;cache_subdir&gt;/&lt;fname&gt;</c>, downloading
    /// <paramref name="origin"/> first when it is missing (with a progress bar), checking its MD5, and with
    /// <paramref name="untar"/> extracting the archive there. The download goes to a temporary file and the extraction
    /// to a temporary folder, each renamed into place when complete, so an interrupted fetch leaves nothing half-made.
    /// </summary>
    public static string GetFile(string fname, string origin, bool untar = false, string? md5_hash = null,
                                 string cache_subdir = "datasets", HttpClient? client = null, int verbose = 1)
    {
        var folder = Path.Combine(KerasHome.Path, cache_subdir);
        var target = Path.Combine(folder, fname);
        if (untar ? Directory.Exists(target) : File.Exists(target)) return target;

        var created = CreateFolders(folder);
        try
        {
            var archive = untar ? target + ".tar.gz" : target;
            if (!File.Exists(archive) || (md5_hash is not null && Md5(archive) != md5_hash))
                Download(origin, archive, md5_hash, folder, client, verbose);
            if (untar) Extract(archive, folder, target);
            return target;
        }
        catch
        {
            // A failed fetch leaves the cache as it found it: no empty ~/.keras/datasets behind.
            foreach (var dir in created)
                if (Directory.Exists(dir) && Directory.GetFileSystemEntries(dir).Length == 0) Directory.Delete(dir);
            throw;
        }
    }

    /// <summary>Creates <paramref name="folder"/> and its missing parents; returns those it created, deepest first.</summary>
    private static List<string> CreateFolders(string folder)
    {
        var created = new List<string>();
        for (var dir = new DirectoryInfo(folder); dir is not null && !dir.Exists; dir = dir.Parent) created.Add(dir.FullName);
        Directory.CreateDirectory(folder);
        return created;
    }

    private static void Download(string origin, string path, string? md5, string folder, HttpClient? client, int verbose)
    {
        var tmp = path + ".part";
        try
        {
            if (verbose > 0) Console.WriteLine($"Downloading data from {origin}");
            var http = client ?? new HttpClient();
            using (var response = http.GetAsync(origin, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult())
            {
                response.EnsureSuccessStatusCode();
                var total = response.Content.Headers.ContentLength;
                using var input = response.Content.ReadAsStream();
                using var output = File.Create(tmp);
                var progbar = verbose > 0 && total is long t ? new Progbar((int)Math.Min(t, int.MaxValue)) : null;
                var buffer = new byte[1 << 16];
                long seen = 0;
                int read;
                while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
                {
                    output.Write(buffer, 0, read);
                    seen += read;
                    progbar?.Update((int)Math.Min(seen, int.MaxValue));
                }
            }
            if (md5 is not null && Md5(tmp) is var actual && actual != md5)
                throw new InvalidDataException($"The file downloaded from {origin} is corrupt: its MD5 is {actual}, expected {md5}. Try again, or put the file in {folder}.");
            File.Move(tmp, path, overwrite: true);
        }
        catch (Exception e) when (e is HttpRequestException or System.Threading.Tasks.TaskCanceledException or IOException)
        {
            throw new IOException($"Could not download {origin} ({e.Message}). Without network access, put the dataset in {folder} yourself (or set KERAS_HOME to a folder whose datasets/ holds it).", e);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private static void Extract(string archive, string folder, string target)
    {
        var staging = Path.Combine(folder, $".extract-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
            using (var file = File.OpenRead(archive))
            using (var gzip = new GZipStream(file, CompressionMode.Decompress))
                TarFile.ExtractToDirectory(gzip, staging, overwriteFiles: false);
            var extracted = Path.Combine(staging, Path.GetFileName(target));
            if (!Directory.Exists(extracted))
                throw new InvalidDataException($"The archive {archive} does not contain the folder {Path.GetFileName(target)}.");
            Directory.Move(extracted, target);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    public static string Md5(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }
}
