//! The size of an SVG picture, from its root element: `width` and `height` in pixels, else the
//! `viewBox`. imagesize reads raster formats only; pages give every image its width and height
//! so that nothing moves while it loads, drawn illustrations included.
//!
//! Pure: takes the start of the file's text. Percentages and other units give `None`.

/// Width and height of the SVG whose text starts with `head`, when its root element says.
pub fn size(head: &str) -> Option<(u32, u32)> {
    let start = head.find("<svg")?;
    let tag = &head[start + 4..];
    let tag = &tag[..tag.find('>')?];
    let attr = |name: &str| -> Option<&str> {
        let mut rest = tag;
        loop {
            let at = rest.find(name)?;
            let before = rest[..at].chars().last();
            let after = rest[at + name.len()..].trim_start();
            rest = &rest[at + name.len()..];
            if before.is_some_and(char::is_whitespace) && after.starts_with('=') {
                let value = after[1..].trim_start();
                let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
                let value = &value[1..];
                return Some(&value[..value.find(quote)?]);
            }
        }
    };
    let pixels = |v: &str| -> Option<u32> {
        let n: f64 = v.trim().strip_suffix("px").unwrap_or(v.trim()).parse().ok()?;
        (1.0..=100_000.0).contains(&n).then(|| n.round() as u32)
    };
    if let (Some(w), Some(h)) = (attr("width").and_then(pixels), attr("height").and_then(pixels)) {
        return Some((w, h));
    }
    let view: Vec<&str> = attr("viewBox")?.split([' ', ',']).filter(|s| !s.is_empty()).collect();
    match view[..] {
        [_, _, w, h] => Some((pixels(w)?, pixels(h)?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::size;

    #[test]
    fn width_and_height_else_the_view_box() {
        let svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"300px\" viewBox=\"0 0 10 10\">";
        assert_eq!(size(svg), Some((640, 300)));
        assert_eq!(size("<svg viewBox='0 0 320.4,200' width=\"100%\">"), Some((320, 200)));
        assert_eq!(size("<svg stroke-width=\"2\" viewBox=\"0 0 48 24\">"), Some((48, 24)));
        assert_eq!(size("<svg width=\"50%\" height=\"10em\">"), None);
        assert_eq!(size("<svg width=\"1e9\" height=\"10\">"), None);
        assert_eq!(size("<html>"), None);
        assert_eq!(size("<svg width=\"1"), None);
    }
}
