//! Shortcodes.
