//! Reads `videos/`: lists it, reads each video's captions and sidecar, probes media headers, and
//! hands the files to `videos::assemble`, which checks them together. The only file I/O of
//! videos; the parsers and the model stay pure in `videos/`.

use super::load::{decode, leaves_site, symlink_outside};
use super::model::Asset;
use crate::diagnostics::{Diagnostic, Span};
use crate::videos::Video;
use crate::videos::assemble::{CaptionsFile, MediaFile, VideoFiles, VideoSettings, assemble};
use crate::videos::container::{Format, probe};
use anyhow::Context as _;
use std::collections::BTreeMap;
use std::path::Path;

const IMAGES: &[&str] = &["png", "jpg", "jpeg", "webp"];

/// Reads `root/videos/`. Gives the videos (sorted by name), the files to copy to the output,
/// and diagnostics. `Err` only when the folder cannot be read.
pub fn load_videos(
    root: &Path,
    settings: &VideoSettings,
    diags: &mut Vec<Diagnostic>,
) -> anyhow::Result<(Vec<Video>, Vec<Asset>)> {
    let dir = root.join("videos");
    if !dir.is_dir() {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut names: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(&dir).context("reading videos/")? {
        let entry = entry.context("reading videos/")?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') || name.ends_with(".tmp") || name.ends_with(".swp") {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_symlink()) && leaves_site(root, &entry.path()) {
            diags.push(symlink_outside(format!("videos/{name}")));
            continue;
        }
        if entry.path().is_dir() {
            diags.push(
                Diagnostic::warning(Span::file(format!("videos/{name}")), "folders inside videos/ are not read")
                    .with_help("put each video's files directly in videos/"),
            );
            continue;
        }
        names.push(name);
    }
    names.sort();
    let images: Vec<String> =
        names.iter().filter(|n| n.rsplit_once('.').is_some_and(|(_, e)| IMAGES.contains(&e))).cloned().collect();
    let mut by_video: BTreeMap<String, VideoFiles> = BTreeMap::new();
    let mut copies: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in &names {
        let source = format!("videos/{file}");
        let path = dir.join(file);
        let parts: Vec<&str> = file.split('.').collect();
        let stem = parts[0].to_string();
        match parts.as_slice() {
            [_, ext] if Format::from_extension(ext).is_some() => {
                let format = Format::from_extension(ext).expect("checked by the guard");
                let probed = std::fs::File::open(&path)
                    .and_then(|f| Ok((f.metadata()?.len(), f)))
                    .map_err(|e| e.to_string())
                    .and_then(|(len, f)| probe(format, std::io::BufReader::new(f), len));
                slot(&mut by_video, &stem, &images).media.push(MediaFile { format, source: source.clone(), probed });
            }
            [_, "vtt"] | [_, _, "vtt"] => {
                let lang = (parts.len() == 3).then(|| parts[1].to_string());
                let bytes = std::fs::read(&path).with_context(|| format!("reading {source}"))?;
                let text = decode(&source, &bytes);
                slot(&mut by_video, &stem, &images).captions.push(CaptionsFile { lang, source: source.clone(), text });
            }
            [_, "toml"] => {
                let bytes = std::fs::read(&path).with_context(|| format!("reading {source}"))?;
                match decode(&source, &bytes) {
                    Ok(text) => {
                        slot(&mut by_video, &stem, &images).sidecar = Some((source.clone(), text));
                    }
                    Err(d) => diags.push(d),
                }
            }
            [_, ext] if IMAGES.contains(ext) => {}
            _ => {
                diags.push(Diagnostic::warning(Span::file(&source), "this file in videos/ is not used").with_help(
                    "videos/ holds NAME.webm or NAME.mp4, NAME.vtt, NAME.LANG.vtt, NAME.toml and poster images",
                ));
                continue;
            }
        }
        copies.entry(stem).or_default().push(file.clone());
    }
    let mut videos = Vec::new();
    let mut files = Vec::new();
    for (name, found) in by_video {
        let (video, d) = assemble(found, settings);
        diags.extend(d);
        let Some(video) = video else { continue };
        let mut used: Vec<String> = copies.remove(&name).unwrap_or_default();
        used.retain(|f| !f.ends_with(".toml"));
        if let Some(poster) = &video.poster {
            used.push(poster.trim_start_matches("videos/").to_string());
        }
        used.sort();
        used.dedup();
        for f in used {
            files.push(Asset {
                path: dir.join(&f),
                source: format!("videos/{f}"),
                output: format!("videos/{f}"),
                dimensions: None,
            });
        }
        videos.push(video);
    }
    Ok((videos, files))
}

/// The files found so far for the video `name`.
fn slot<'m>(found: &'m mut BTreeMap<String, VideoFiles>, name: &str, images: &[String]) -> &'m mut VideoFiles {
    found.entry(name.to_string()).or_insert_with(|| VideoFiles {
        name: name.to_string(),
        images: images.to_vec(),
        ..Default::default()
    })
}
