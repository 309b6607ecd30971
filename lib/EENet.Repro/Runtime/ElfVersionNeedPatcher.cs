// This one file is compiled twice: into the library (EENET_LIBRARY defined), where the runtime loader
// patches NuGet-cache copies of libLibTorchSharp.so for notebook kernels, and by MSBuild's
// RoslynCodeTaskFactory (build/TorchNative.targets), where it patches every build's bin folder.
// Why it exists: TorchSharp 0.107's libLibTorchSharp.so asks for GLIBCXX_3.4.32 (GCC 13's libstdc++)
// for a single iostream-init marker symbol that no relocation uses. Debian 12 / Ubuntu 22.04 ship
// libstdc++ up to 3.4.30, so the loader refuses the file. Marking that version need as weak
// (VER_FLG_WEAK in .gnu.version_r) makes the loader accept it; nothing else changes.
using System;
using System.IO;
using System.Text;
#if !EENET_LIBRARY
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
#endif

#if EENET_LIBRARY
namespace EENet.Repro.Runtime
{
#endif
    /// <summary>Marks chosen symbol-version needs of an ELF64 little-endian shared object as weak.</summary>
    public static class ElfVersionNeedPatcher
    {
        public const string GlibcxxVersion = "GLIBCXX_3.4.32";
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlgWeak = 0x2;

        /// <summary>What a look at (or a patch of) one file found.</summary>
        public enum Outcome { NotElf, NoSuchNeed, AlreadyWeak, Patched }

        /// <summary>Reads the file and reports whether the version need is present and weak, without writing.</summary>
        public static Outcome Inspect(string path, string version = GlibcxxVersion)
        {
            var bytes = File.ReadAllBytes(path);
            return Apply(bytes, version, write: false);
        }

        /// <summary>
        /// Patches the file in place if needed. The new bytes go to a temporary file in the same folder that
        /// then replaces the original by rename, so a reader never sees a half-written library.
        /// </summary>
        public static Outcome PatchFile(string path, string version = GlibcxxVersion)
        {
            var bytes = File.ReadAllBytes(path);
            var outcome = Apply(bytes, version, write: true);
            if (outcome != Outcome.Patched)
            {
                return outcome;
            }
            // netstandard2.0 APIs only: MSBuild's inline task factory compiles this file against them.
            var temp = path + ".patch-" + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temp, bytes);
            File.Replace(temp, path, null);
            return outcome;
        }

        /// <summary>Finds the Vernaux entry naming <paramref name="version"/> and sets its weak flag in the buffer.</summary>
        public static Outcome Apply(byte[] elf, string version, bool write)
        {
            var flagsOffset = FindVersionNeedFlags(elf, version, out var isElf);
            if (!isElf) return Outcome.NotElf;
            if (flagsOffset < 0) return Outcome.NoSuchNeed;
            var flags = U16(elf, (int)flagsOffset);
            if ((flags & VerFlgWeak) != 0) return Outcome.AlreadyWeak;
            if (write)
            {
                var patched = (ushort)(flags | VerFlgWeak);
                elf[flagsOffset] = (byte)(patched & 0xff);
                elf[flagsOffset + 1] = (byte)(patched >> 8);
            }
            return Outcome.Patched;
        }

        /// <summary>
        /// Offset of the vna_flags field of the version need named <paramref name="version"/> in .gnu.version_r,
        /// or -1 when the file has no such need.
        /// </summary>
        public static long FindVersionNeedFlags(byte[] elf, string version, out bool isElf)
        {
            isElf = false;
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F'
                || elf[4] != 2 /* ELFCLASS64 */ || elf[5] != 1 /* little-endian */)
            {
                return -1;
            }
            var shoff = (long)U64(elf, 0x28);
            int shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
            if (shoff <= 0 || shentsize < 64 || shoff + (long)shentsize * shnum > elf.Length)
            {
                return -1;
            }
            isElf = true;
            for (var s = 0; s < shnum; s++)
            {
                var sh = (int)(shoff + (long)s * shentsize);
                if (U32(elf, sh + 4) != ShtGnuVerneed)
                {
                    continue;
                }
                var offset = (long)U64(elf, sh + 24);
                var link = (int)U32(elf, sh + 40);
                var count = U32(elf, sh + 44);
                if (link >= shnum) return -1;
                var strtab = (long)U64(elf, (int)(shoff + (long)link * shentsize) + 24);
                var need = offset;
                for (var n = 0; n < count && need + 16 <= elf.Length; n++)
                {
                    var auxCount = U16(elf, (int)need + 2);
                    var aux = need + U32(elf, (int)need + 8);
                    for (var a = 0; a < auxCount && aux + 16 <= elf.Length; a++)
                    {
                        if (CString(elf, strtab + U32(elf, (int)aux + 8)) == version)
                        {
                            return aux + 4;
                        }
                        var nextAux = U32(elf, (int)aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    var nextNeed = U32(elf, (int)need + 12);
                    if (nextNeed == 0) break;
                    need += nextNeed;
                }
            }
            return -1;
        }

        private static ushort U16(byte[] b, int o) => (ushort)(b[o] | b[o + 1] << 8);
        private static uint U32(byte[] b, int o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
        private static ulong U64(byte[] b, int o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;

        private static string CString(byte[] b, long start)
        {
            if (start < 0 || start >= b.Length) return string.Empty;
            var end = start;
            while (end < b.Length && b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, (int)start, (int)(end - start));
        }
    }

#if !EENET_LIBRARY
    /// <summary>MSBuild task: patches every given libLibTorchSharp.so after it is copied to an output folder.</summary>
    public class PatchTorchSharpNative : Task
    {
        [Required]
        public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

        public override bool Execute()
        {
            foreach (var item in Files)
            {
                var path = item.ItemSpec;
                if (!File.Exists(path)) continue;
                try
                {
                    var outcome = ElfVersionNeedPatcher.PatchFile(path);
                    if (outcome == ElfVersionNeedPatcher.Outcome.Patched)
                    {
                        Log.LogMessage(MessageImportance.Normal, "EENet.Repro: marked "
                            + ElfVersionNeedPatcher.GlibcxxVersion + " weak in " + path);
                    }
                }
                catch (Exception e)
                {
                    Log.LogWarning("EENet.Repro: could not patch " + path + ": " + e.Message);
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
#if EENET_LIBRARY
}
#endif
