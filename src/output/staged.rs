//! Bytes `docent serve` keeps on disk instead of in memory: its pages, print pages and each
//! page's Markdown HTML, which at 10,000 pages are about 420 MB (issue 21: serve's memory).
//! `docent build` keeps its intermediate texts the same way (each page's Markdown HTML and search
//! text, the index's result documents and shards: 1.5 GB at 100,000 pages), in files made in its
//! staging folder (`new_in`).
//!
//! `StagingFiles` appends them to anonymous temporary files in the system temp dir
//! (`tempfile::tempfile`: the system deletes them when the last handle closes, however the
//! process ends, so nothing is left behind and nothing is written in the user's folders). A few
//! large files rather than one per page: creating a file costs far more than writing to one
//! (about 0.3 ms each on an ext4 volume, seconds for a site's pages). `Staged` is a handle to one
//! stored text; it reads its bytes back, and its file is closed once no handle points into it
//! (a page edited many times would leave its old copies in files that other pages keep open, a
//! few hundred KB per edit: on Linux a text's disk blocks are handed back when its last handle
//! goes, by punching a hole in the file where it was).

use std::fs::File;
use std::io;
use std::sync::{Arc, Mutex};

/// A file is full at this size; the next text starts a new one.
const SEGMENT_BYTES: u64 = 64 << 20;

/// The staging files, and where `put` appends.
pub struct StagingFiles {
    current: Mutex<(Arc<File>, u64)>,
    /// Where the files are made: the system's temp dir when `None`.
    dir: Option<std::path::PathBuf>,
}

/// One text kept by `StagingFiles`: where it is, its length and `digest::Digest`. Two handles are
/// equal when they hold the same bytes (compared by length and digest).
#[derive(Clone)]
pub struct Staged(Arc<Entry>);

struct Entry {
    file: Arc<File>,
    offset: u64,
    len: usize,
    digest: u64,
}

impl StagingFiles {
    pub fn new() -> io::Result<StagingFiles> {
        Ok(StagingFiles { current: Mutex::new((Arc::new(tempfile::tempfile()?), 0)), dir: None })
    }

    /// Files made in `dir` rather than the system's temp dir (still nameless: on Linux they are
    /// never listed in `dir`). `docent build` keeps its intermediate texts beside its staging
    /// folder, on the disk it writes the site to, not in a `/tmp` that may be memory.
    pub fn new_in(dir: &std::path::Path) -> io::Result<StagingFiles> {
        let file = tempfile::tempfile_in(dir)?;
        Ok(StagingFiles { current: Mutex::new((Arc::new(file), 0)), dir: Some(dir.to_path_buf()) })
    }

    /// Writes `bytes` and gives the handle that reads them back. Threads write in parallel:
    /// each reserves its range under the lock, then writes outside it.
    pub fn put(&self, bytes: &[u8]) -> io::Result<Staged> {
        let len = bytes.len() as u64;
        let (file, offset) = {
            let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
            if current.1 > 0 && current.1 + len > SEGMENT_BYTES {
                let file = match &self.dir {
                    Some(dir) => tempfile::tempfile_in(dir)?,
                    None => tempfile::tempfile()?,
                };
                *current = (Arc::new(file), 0);
            }
            let at = current.1;
            current.1 += len;
            (current.0.clone(), at)
        };
        write_at(&file, bytes, offset)?;
        let digest = crate::digest::Digest::of(bytes);
        Ok(Staged(Arc::new(Entry { file, offset, len: bytes.len(), digest })))
    }
}

impl Staged {
    pub fn read(&self) -> io::Result<Vec<u8>> {
        let mut buf = vec![0; self.0.len];
        read_at(&self.0.file, &mut buf, self.0.offset)?;
        Ok(buf)
    }

    pub fn len(&self) -> usize {
        self.0.len
    }

    pub fn is_empty(&self) -> bool {
        self.0.len == 0
    }

    /// `digest::Digest::of` the bytes.
    pub fn digest(&self) -> u64 {
        self.0.digest
    }
}

impl Drop for Entry {
    /// Frees the disk space of a text no handle reads any more. The file keeps its size and
    /// every other text its offset; only the blocks wholly inside this text's range are freed
    /// (its partial blocks at either end are zeroed within the range, which no other text
    /// shares). A file system that cannot punch holes keeps the space until the file closes.
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        if self.len > 0 {
            use std::os::fd::AsRawFd;
            let mode = libc::FALLOC_FL_PUNCH_HOLE | libc::FALLOC_FL_KEEP_SIZE;
            // SAFETY: fallocate reads no memory of ours; the descriptor is open as long as
            // `self.file` is, and the range is this text's alone.
            unsafe {
                libc::fallocate(self.file.as_raw_fd(), mode, self.offset as libc::off_t, self.len as libc::off_t);
            }
        }
    }
}

impl PartialEq for Staged {
    fn eq(&self, other: &Staged) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || (self.0.len == other.0.len && self.0.digest == other.0.digest)
    }
}

impl std::fmt::Debug for Staged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Staged({} bytes, digest {:016x})", self.0.len, self.0.digest)
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        let n = file.seek_write(bytes, offset)?;
        if n == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        let n = file.seek_read(buf, offset)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        buf = &mut buf[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_written_from_many_threads_read_back_whole() {
        let staging = StagingFiles::new().unwrap();
        let texts: Vec<Vec<u8>> = (0..64u8).map(|n| vec![n; 1000 + n as usize * 37]).collect();
        let staged: Vec<Staged> = std::thread::scope(|s| {
            let handles: Vec<_> = texts.iter().map(|t| s.spawn(|| staging.put(t).unwrap())).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (text, handle) in texts.iter().zip(&staged) {
            assert_eq!(&handle.read().unwrap(), text);
            assert_eq!(handle.len(), text.len());
        }
        let again = staging.put(&texts[3]).unwrap();
        assert_eq!(again, staged[3], "the same bytes are equal");
        assert_ne!(staged[3], staged[4]);
        assert!(staging.put(b"").unwrap().read().unwrap().is_empty());
    }

    /// The disk space of the file holding `staged`, in bytes (allocated blocks, not its size).
    #[cfg(target_os = "linux")]
    fn allocated(staged: &Staged) -> u64 {
        std::os::unix::fs::MetadataExt::blocks(&staged.0.file.metadata().unwrap()) * 512
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_text_no_handle_reads_gives_its_disk_space_back() {
        let staging = StagingFiles::new().unwrap();
        let mb = 1 << 20;
        let old: Vec<u8> = (0..4 * mb).map(|i| (i % 251) as u8).collect();
        let before = staging.put(b"kept before").unwrap();
        let edited = staging.put(&old).unwrap();
        let after = staging.put(b"kept after").unwrap();
        let full = allocated(&edited);
        assert!(full >= 4 * mb as u64, "{full} bytes allocated for 4 MB");
        drop(edited);
        let now = allocated(&before);
        assert!(now + 3 * mb as u64 <= full, "4 MB freed: {full} -> {now} bytes allocated");
        assert_eq!(before.read().unwrap(), b"kept before", "the texts beside it are whole");
        assert_eq!(after.read().unwrap(), b"kept after");
        let next = staging.put(b"a new text").unwrap();
        assert_eq!(next.read().unwrap(), b"a new text");
    }

    #[test]
    fn a_full_file_gives_way_to_a_new_one() {
        let staging = StagingFiles::new().unwrap();
        let big = vec![7u8; (SEGMENT_BYTES / 2 + 1) as usize];
        let a = staging.put(&big).unwrap();
        let b = staging.put(&big).unwrap();
        assert!(!Arc::ptr_eq(&a.0.file, &b.0.file));
        assert_eq!(b.0.offset, 0);
        drop(a);
        assert_eq!(b.read().unwrap(), big);
    }
}
