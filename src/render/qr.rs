//! QR codes as inline SVG, made at build time by the `qrcode` crate, for the pages made for
//! paper (videos on print pages, the desk cards). Pure.
//!
//! The code is black on white whatever the theme (phones read dark on light best) and scales
//! with CSS (`viewBox`). It carries `role="img"` and a short label; the URL it holds is always
//! printed beside it as text, which is the real alternative for anyone who cannot scan.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

/// How many QR codes `svg` remembers; past this it forgets them all (a site has a few hundred).
const REMEMBERED: usize = 4096;

/// The SVG of a QR code holding `text`, with `class="qr"` and `label` as its accessible name.
/// Empty when `text` is too long for a QR code (the printed URL then stands alone).
///
/// Made once per process for each URL and label: the same page's code is on the whole site's
/// print page, its module's, the desk cards and again in each language's view, and choosing a
/// code's mask was a fifth of the example site's build (a pure function, so remembering it
/// changes no byte).
pub fn svg(text: &str, label: &str) -> String {
    type Made = HashMap<(String, String), String>;
    static MADE: LazyLock<Mutex<Made>> = LazyLock::new(Mutex::default);
    let key = (text.to_string(), label.to_string());
    if let Some(svg) = MADE.lock().ok().and_then(|made| made.get(&key).cloned()) {
        return svg;
    }
    let svg = make_svg(text, label);
    if let Ok(mut made) = MADE.lock() {
        if made.len() >= REMEMBERED {
            made.clear();
        }
        made.insert(key, svg.clone());
    }
    svg
}

fn make_svg(text: &str, label: &str) -> String {
    let Ok(code) = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) else {
        return String::new();
    };
    let image = code
        .render::<svg::Color>()
        .module_dimensions(4, 4)
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .build();
    // The crate writes a standalone file: drop its XML declaration to inline it.
    let Some(start) = image.find("<svg") else { return String::new() };
    let label = crate::markdown::text_escape(label);
    format!("<svg class=\"qr\" role=\"img\" aria-label=\"{label}\"{}", &image[start + 4..])
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Reads the QR code back from the SVG: its rectangles (`M{x} {y}h{w}v{h}H{x}V{y}`, what
    /// the crate draws) painted on a grey image, decoded by `rqrr`.
    pub(crate) fn decode(svg: &str) -> String {
        let size: usize = svg.split("viewBox=\"0 0 ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
        let path = svg.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
        let mut dark = vec![false; size * size];
        for rect in path.split('M').filter(|r| !r.is_empty()) {
            let nums: Vec<usize> = rect
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .map(|n| n.parse().unwrap())
                .collect();
            let (x, y, w, h) = (nums[0], nums[1], nums[2], nums[3]);
            for row in y..y + h {
                for col in x..x + w {
                    dark[row * size + col] = true;
                }
            }
        }
        let mut img =
            rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| if dark[y * size + x] { 0 } else { 255 });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code in the SVG");
        grids[0].decode().unwrap().1
    }

    #[test]
    fn the_svg_decodes_to_the_url_and_is_labelled() {
        let url = "https://help.example.org/help/patient-search/";
        let s = svg(url, "QR code <of> \"this\"");
        assert!(
            s.starts_with("<svg class=\"qr\" role=\"img\" aria-label=\"QR code &lt;of&gt; &quot;this&quot;\" xmlns="),
            "{s}"
        );
        assert!(!s.contains("<?xml"));
        assert_eq!(decode(&s), url);
        assert_eq!(svg(url, "x"), svg(url, "x"), "deterministic");
        assert_eq!(svg(url, "x"), make_svg(url, "x"), "remembered codes are the codes");
        assert_ne!(svg(url, "x"), svg(url, "y"), "remembered by label too");
        assert_eq!(svg(&"x".repeat(5000), "too long"), "");
    }
}
