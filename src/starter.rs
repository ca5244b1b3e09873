//! `docent new`: a starter site that builds as it is.

use anyhow::{Context as _, bail};
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "docent.toml",
        "title = \"My help site\"\ndescription = \"How to use our application.\"\nbase_url = \"/\"\nlanguage = \"en\"\n\n[[quick_links]]\ntitle = \"Log in for the first time\"\nurl = \"getting-started/first-login.md\"\n",
    ),
    (
        "content/_index.md",
        "+++\ntitle = \"Help\"\ndescription = \"Guides for the tasks you do every day.\"\n+++\n\nWelcome. Start with [Getting started](getting-started/_index.md).\n",
    ),
    (
        "content/getting-started/_index.md",
        "+++\ntitle = \"Getting started\"\ndescription = \"Your first steps in the application.\"\nweight = 10\n+++\n\nThese guides help you start.\n",
    ),
    (
        "content/getting-started/first-login.md",
        "+++\ntitle = \"Log in for the first time\"\ndescription = \"Sign in with the temporary password from your welcome email.\"\nweight = 10\nscreens = [\"login\"]\n+++\n\nYou get a welcome email with a temporary password.\n\n## Sign in\n\n1. Open the application.\n2. Enter your username and temporary password.\n3. Choose a new password.\n\n> [!TIP]\n> Keep your new password somewhere safe.\n",
    ),
    (".gitignore", "/public/\n"),
];

/// Writes the starter site into `dir`, which must be missing or empty.
pub fn write_starter(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() && dir.read_dir().with_context(|| format!("reading {}", dir.display()))?.next().is_some() {
        bail!("{} is not empty; choose a new folder", dir.display());
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&target, text).with_context(|| format!("writing {}", target.display()))?;
    }
    Ok(())
}
