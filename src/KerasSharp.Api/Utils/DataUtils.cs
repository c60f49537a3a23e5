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
    /// <paramref name="origin"/> first when it is missing (with a progress bar), checking its hash, and with
    /// <paramref name="untar"/> extracting the archive there. <paramref name="file_hash"/> is an MD5 or SHA-256 hex
    /// digest; <paramref name="hash_algorithm"/> "auto" takes a 64-character hash for SHA-256 and any other for MD5,
    /// as Keras does (<paramref name="md5_hash"/> is Keras's older spelling of an MD5 <c>file_hash</c>). A file already
    /// there whose hash differs is downloaded again, as Keras does. The download goes to a temporary file and the
    /// extraction to a temporary folder, each renamed into place when complete and checked, so an interrupted or
    /// corrupt fetch leaves nothing half-made.
    /// </summary>
    public static string GetFile(string fname, string origin, bool untar = false, string? md5_hash = null,
                                 string? file_hash = null, string cache_subdir = "datasets", string hash_algorithm = "auto",
                                 HttpClient? client = null, int verbose = 1)
    {
        if (md5_hash is not null && file_hash is null)
        {
            file_hash = md5_hash;
            hash_algorithm = "md5";
        }
        if (hash_algorithm is not ("auto" or "md5" or "sha256"))
            throw new ArgumentException($"hash_algorithm must be 'auto', 'md5' or 'sha256'; received '{hash_algorithm}'.", nameof(hash_algorithm));
        var algorithm = file_hash is null ? null : Algorithm(file_hash, hash_algorithm);
        var folder = Path.Combine(KerasHome.Path, cache_subdir);
        var target = Path.Combine(folder, fname);
        if (untar ? Directory.Exists(target) : File.Exists(target) && (file_hash is null || ValidateFile(target, file_hash, hash_algorithm)))
            return target;
        if (!untar && File.Exists(target) && verbose > 0)
            Console.WriteLine($"A local file was found, but it seems to be incomplete or outdated because the {algorithm} file hash does not match the original value of {file_hash} so we will re-download the data.");

        var created = CreateFolders(folder);
        try
        {
            var archive = untar ? target + ".tar.gz" : target;
            if (!untar || !File.Exists(archive) || (file_hash is not null && !ValidateFile(archive, file_hash, hash_algorithm)))
                Download(origin, archive, file_hash, algorithm, folder, client, verbose);
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

    /// <summary>Keras's <c>validate_file</c>: whether the file's MD5 or SHA-256 (per <paramref name="algorithm"/>) is <paramref name="file_hash"/>.</summary>
    public static bool ValidateFile(string fpath, string file_hash, string algorithm = "auto") =>
        string.Equals(HashFile(fpath, Algorithm(file_hash, algorithm)), file_hash, StringComparison.OrdinalIgnoreCase);

    /// <summary>The hex digest of a file, by "sha256" or "md5".</summary>
    public static string HashFile(string fpath, string algorithm = "sha256")
    {
        using var stream = File.OpenRead(fpath);
        return algorithm switch
        {
            "sha256" => Convert.ToHexStringLower(SHA256.HashData(stream)),
            "md5" => Convert.ToHexStringLower(MD5.HashData(stream)),
            _ => throw new ArgumentException($"algorithm must be 'sha256' or 'md5'; received '{algorithm}'.", nameof(algorithm)),
        };
    }

    private static string Algorithm(string file_hash, string hash_algorithm) =>
        hash_algorithm == "auto" ? (file_hash.Length == 64 ? "sha256" : "md5") : hash_algorithm;

    /// <summary>Creates <paramref name="folder"/> and its missing parents; returns those it created, deepest first.</summary>
    private static List<string> CreateFolders(string folder)
    {
        var created = new List<string>();
        for (var dir = new DirectoryInfo(folder); dir is not null && !dir.Exists; dir = dir.Parent) created.Add(dir.FullName);
        Directory.CreateDirectory(folder);
        return created;
    }

    private static void Download(string origin, string path, string? hash, string? algorithm, string folder, HttpClient? client, int verbose)
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
            if (hash is not null && HashFile(tmp, algorithm!) is var actual && !string.Equals(actual, hash, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"The file downloaded from {origin} is corrupt: its {algorithm!.ToUpperInvariant()} is {actual}, expected {hash}. Try again, or put the file in {folder}.");
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
}
