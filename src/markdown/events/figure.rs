//! Images and figures in the events pass.
//!
//! Every image gets its width and height (so nothing shifts while it loads) and a `srcset` when
//! larger copies sit beside it, named `NAME@2x.EXT` and `NAME@3x.EXT`. An image with a title
//! alone in its paragraph, `![alt](screen.png "caption")`, becomes a `<figure>`: the caption is
//! Markdown rendered inline (emphasis, code, links; raw HTML shown as text), and the image links
//! to its largest copy, which the theme script opens in a dialog instead.

use super::Pass;
use crate::markdown::LintKind;
use crate::markdown::text::escape;
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

/// The image last written, until its paragraph ends.
pub(super) struct PendingFigure {
    /// Its place in the output.
    at: usize,
    /// The `<img>` tag.
    img: String,
    /// The caption as written (the image's title).
    caption: String,
    /// The URL of the largest copy.
    full: String,
    offset: usize,
}

/// `screen.png` -> `screen@2x.png` (`None` without an extension).
fn scaled(dest: &str, factor: u32) -> Option<String> {
    let (path, rest) = match dest.find(['?', '#']) {
        Some(i) => dest.split_at(i),
        None => (dest, ""),
    };
    let dot = path.rfind('.').filter(|&d| d > path.rfind('/').map_or(0, |s| s + 1))?;
    Some(format!("{}@{factor}x{}{rest}", &path[..dot], &path[dot..]))
}

impl<'a> Pass<'_, 'a> {
    pub(super) fn end_image(&mut self) {
        let Some(img) = self.image.take() else { return };
        let src = self.rewrite_link(&img.dest, img.offset, true);
        // An image in an included file is found from that file's folder.
        let located = self.relocate(&img.dest);
        let size = self.links.image_size(&located);
        let size_attrs = size.map_or(String::new(), |(w, h)| format!(" width=\"{w}\" height=\"{h}\""));
        // Larger copies, for screens with more pixels than CSS pixels (phones); asked only for
        // images docent knows the size of, so external images cost nothing.
        let mut srcset = Vec::new();
        let mut full = src.clone();
        if size.is_some() {
            for factor in [2, 3] {
                let Some(copy) = scaled(&located, factor) else { break };
                if self.links.image_size(&copy).is_none() {
                    continue;
                }
                if let Ok(r) = self.links.rewrite(&copy) {
                    srcset.push(format!("{} {factor}x", r.url));
                    full = r.url;
                }
            }
        }
        let srcset = if srcset.is_empty() {
            String::new()
        } else {
            format!(" srcset=\"{} 1x, {}\"", escape(&src), escape(&srcset.join(", ")))
        };
        let alt = img.alt.trim();
        if alt.is_empty() {
            self.lint(LintKind::ImageWithoutAlt { dest: img.dest.clone() }, img.offset);
        } else if let Some(link) = &mut self.link {
            link.has_text = true;
        }
        let tag = |title: &str| {
            format!(
                "<img src=\"{}\"{srcset} alt=\"{}\"{title}{size_attrs} loading=\"lazy\" decoding=\"async\">",
                escape(&src),
                escape(alt)
            )
        };
        let title = if img.title.is_empty() { String::new() } else { format!(" title=\"{}\"", escape(&img.title)) };
        self.figure = (!img.title.trim().is_empty() && self.link.is_none() && self.heading.is_none()).then(|| {
            PendingFigure { at: self.out.len(), img: tag(""), caption: img.title.clone(), full, offset: img.offset }
        });
        self.html(tag(&title));
        if let Some(section) = self.result.sections.last_mut() {
            section.text.push_str(alt);
            section.text.push(' ');
        }
    }

    /// At the end of a paragraph: when it holds only an image with a title, writes a figure in
    /// its place (true).
    pub(super) fn make_figure(&mut self) -> bool {
        let Some(fig) = self.figure.take() else { return false };
        let Some(start) = self.paragraph.as_ref().map(|p| p.out_len) else { return false };
        let only_image = fig.at == start + 1
            && self.out[fig.at + 1..].iter().all(|e| matches!(e, Event::Text(t) if t.trim().is_empty()));
        if !only_image {
            return false;
        }
        self.paragraph = None;
        let (caption, plain) = self.inline_html(&fig.caption, fig.offset);
        self.out.truncate(start);
        self.html(format!(
            "<figure class=\"figure\"><a class=\"figure-zoom\" href=\"{}\">{}</a><figcaption>{caption}</figcaption></figure>\n",
            escape(&fig.full),
            fig.img
        ));
        if let Some(section) = self.result.sections.last_mut() {
            section.text.push_str(&plain);
            section.text.push(' ');
        }
        true
    }

    /// A line of inline Markdown (a caption, a tab's or a summary's title) as HTML and as plain
    /// text. Only inline formatting is kept: emphasis, strong, strikethrough, code and links
    /// (checked and rewritten like the page's); raw HTML is shown as text, an image as its alt
    /// text, and block syntax is dropped.
    pub(super) fn inline_html(&mut self, text: &str, offset: usize) -> (String, String) {
        let mut events: Vec<Event> = Vec::new();
        let mut plain = String::new();
        let mut links = 0usize;
        for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
            match event {
                Event::Text(t) => {
                    plain.push_str(&t);
                    events.push(Event::Text(t));
                }
                Event::Code(t) => {
                    plain.push_str(&t);
                    events.push(Event::Code(t));
                }
                Event::InlineHtml(h) | Event::Html(h) => {
                    plain.push_str(&h);
                    events.push(Event::Text(h));
                }
                Event::SoftBreak | Event::HardBreak => {
                    plain.push(' ');
                    events.push(Event::Text(CowStr::from(" ")));
                }
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    links += 1;
                    let dest = match link_type {
                        LinkType::Email | LinkType::Autolink => {
                            if self.unsafe_dest(&dest_url, offset, false) {
                                CowStr::from("#")
                            } else {
                                dest_url
                            }
                        }
                        _ => CowStr::from(self.rewrite_link(&dest_url, offset, false)),
                    };
                    events.push(Event::Start(Tag::Link { link_type, dest_url: dest, title, id }));
                }
                Event::End(TagEnd::Link) if links > 0 => {
                    links -= 1;
                    events.push(Event::End(TagEnd::Link));
                }
                e @ Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => events.push(e),
                e @ Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => events.push(e),
                _ => {}
            }
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        (html.trim().to_string(), plain.trim().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::scaled;
    use crate::markdown::events::tests::md;

    #[test]
    fn larger_copies_are_named_with_their_scale() {
        assert_eq!(scaled("shots/screen.png", 2).as_deref(), Some("shots/screen@2x.png"));
        assert_eq!(scaled("a.b/screen.png?v=1", 3).as_deref(), Some("a.b/screen@3x.png?v=1"));
        assert_eq!(scaled("a.b/screen", 2), None);
    }

    #[test]
    fn an_image_with_a_caption_alone_in_its_paragraph_is_a_figure() {
        let r = md("Intro.\n\n![The request form](form.png \"The *Immunizations* form\")\n\nAfter.\n");
        assert!(
            r.html.contains(
                "<figure class=\"figure\"><a class=\"figure-zoom\" href=\"form@2x.png\"><img src=\"form.png\" \
                 srcset=\"form.png 1x, form@2x.png 2x\" alt=\"The request form\" width=\"10\" height=\"20\" \
                 loading=\"lazy\" decoding=\"async\"></a><figcaption>The <em>Immunizations</em> form</figcaption></figure>"
            ),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<p><figure"), "{}", r.html);
        assert!(r.sections[0].text.contains("The Immunizations form"), "{:?}", r.sections);
    }

    #[test]
    fn a_caption_with_markdown_and_html_is_rendered_safely() {
        let r = md("![x](d.png \"See `PIN` and [the form](other.md#steps) <script>alert(1)</script>\")\n");
        assert!(r.html.contains("<code>PIN</code>"), "{}", r.html);
        assert!(r.html.contains("<a href=\"/other/#steps\">the form</a>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{}", r.html);
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert_eq!(r.anchor_refs.len(), 1, "caption links are checked like the page's");
        let r = md("![x](d.png \"[bad](missing.md)\")\n");
        assert_eq!(r.diagnostics.len(), 1);
    }

    #[test]
    fn images_in_text_or_without_a_caption_stay_images() {
        let r = md("Press ![the button](b.png \"Send\") now.\n\n![plain](d.png)\n");
        assert!(!r.html.contains("<figure"), "{}", r.html);
        assert!(r.html.contains("title=\"Send\""), "{}", r.html);
    }
}
