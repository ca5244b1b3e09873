//! The release workflow, the container image and the CI examples stay in step with the crate.
//!
//! GitHub Actions and Docker cannot run here, so these tests read the files: the binary name and
//! the serve port come from the crate (Cargo.toml, `docent serve --help`), and every asset name an
//! example downloads must be one the release workflow makes.

mod common;
use common::*;
use serde_yaml::Value;
use std::collections::BTreeSet;

/// What a release is built for: static Linux (musl), macOS and Windows.
const TARGETS: &[&str] = &[
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
];

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn yaml(rel: &str) -> Value {
    serde_yaml::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel} is not valid YAML: {e}"))
}

fn cargo_toml() -> toml::Table {
    read("Cargo.toml").parse().expect("Cargo.toml parses")
}

/// The binary's name: the package's, as Cargo.toml declares no other.
fn binary_name() -> String {
    let manifest = cargo_toml();
    assert!(manifest.get("bin").is_none(), "a [[bin]] section: update the release files and this test");
    manifest["package"]["name"].as_str().unwrap().to_string()
}

/// Every string in a YAML document (scripts, names, values), without its comments.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Sequence(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Mapping(map) => map.iter().for_each(|(k, v)| {
            strings(k, out);
            strings(v, out);
        }),
        Value::Tagged(tagged) => strings(&tagged.value, out),
        _ => {}
    }
}

fn all_strings(value: &Value) -> String {
    let mut out = Vec::new();
    strings(value, &mut out);
    out.join("\n")
}

/// The archive names the release workflow attaches, from its build matrix.
fn release_assets() -> BTreeSet<String> {
    let workflow = yaml(".github/workflows/release.yml");
    let bin = binary_name();
    let include = workflow["jobs"]["build"]["strategy"]["matrix"]["include"].as_sequence().expect("a build matrix");
    include
        .iter()
        .map(|entry| format!("{bin}-{}.{}", entry["target"].as_str().unwrap(), entry["archive"].as_str().unwrap()))
        .collect()
}

#[test]
fn the_release_workflow_builds_every_platform_and_publishes_archives_with_checksums() {
    let text = read(".github/workflows/release.yml");
    let workflow = yaml(".github/workflows/release.yml");
    let bin = binary_name();
    assert_eq!(workflow["on"]["push"]["tags"][0].as_str(), Some("v*"), "runs on version tags");

    let include = workflow["jobs"]["build"]["strategy"]["matrix"]["include"].as_sequence().unwrap();
    let targets: BTreeSet<&str> = include.iter().map(|e| e["target"].as_str().unwrap()).collect();
    assert_eq!(targets, TARGETS.iter().copied().collect(), "the matrix builds each release target once");
    for entry in include {
        let target = entry["target"].as_str().unwrap();
        let archive = entry["archive"].as_str().unwrap();
        assert_eq!(archive == "zip", target.contains("windows"), "{target}: zip for Windows, tar.gz elsewhere");
        assert!(entry["os"].as_str().is_some(), "{target} names its runner");
    }

    let build = all_strings(&workflow["jobs"]["build"]);
    assert!(build.contains("cargo build --release --locked --target \"${{ matrix.target }}\""), "{build}");
    assert!(build.contains(&format!("target/${{{{ matrix.target }}}}/release/{bin}")), "copies the {bin} binary");
    assert!(build.contains(&format!("name=\"{bin}-${{{{ matrix.target }}}}\"")), "archives are named {bin}-TARGET");
    assert!(build.contains(&format!("dist/{bin}-${{{{ matrix.target }}}}.${{{{ matrix.archive }}}}")));
    assert!(build.contains("statically linked|static-pie linked"), "checks the Linux binaries are static");
    // The file's header lists the assets for readers; it must say what the matrix makes.
    for asset in release_assets() {
        assert!(text.contains(&format!("#   {asset} ")), "the header lists {asset}");
    }

    let release = all_strings(&workflow["jobs"]["release"]);
    assert!(release.contains("sha256sum docent-* > SHA256SUMS"), "{release}");
    assert!(release.contains("gh release create \"$GITHUB_REF_NAME\" dist/*"), "{release}");
    assert_eq!(workflow["jobs"]["release"]["permissions"]["contents"].as_str(), Some("write"));
    assert_eq!(workflow["permissions"]["contents"].as_str(), Some("read"), "only the release job may write");
}

#[test]
fn the_ci_examples_install_an_asset_the_release_makes_and_verify_its_checksum() {
    let assets = release_assets();
    let readme = read("README.md");
    for rel in ["examples/ci/github-actions.yml", "examples/ci/gitlab-ci.yml"] {
        let doc = yaml(rel);
        let text = all_strings(&doc);
        let pattern = "docent-$(uname -m)-unknown-linux-musl.tar.gz";
        assert!(text.contains(pattern), "{rel} downloads the release archive for its runner");
        for arch in ["x86_64", "aarch64"] {
            let asset = pattern.replace("$(uname -m)", arch);
            assert!(assets.contains(&asset), "{rel}: the release has no {asset} (it has {assets:?})");
        }
        assert!(text.contains("curl -fsSLO \"$DOCENT_RELEASES/$DOCENT_VERSION/SHA256SUMS\""), "{rel}");
        assert!(text.contains("| sha256sum --check -"), "{rel} verifies the checksum");
        assert!(!text.contains("cargo install"), "{rel} compiles docent instead of installing a release");
        for kept in ["docent check --root \"$SITE\"", "docent build --root \"$SITE\""] {
            assert!(text.contains(kept), "{rel} still runs {kept}");
        }

        // The releases come from the repository the README installs from.
        let vars = if rel.contains("github") { &doc["env"] } else { &doc["variables"] };
        let releases = vars["DOCENT_RELEASES"].as_str().unwrap();
        let repository = releases.strip_suffix("/releases/download").expect("a GitHub releases URL");
        assert!(readme.contains(&format!("cargo install --locked --git {repository}")), "{rel}: {repository}");
        let version = vars["DOCENT_VERSION"].as_str().unwrap();
        let crate_version = cargo_toml()["package"]["version"].as_str().unwrap().to_string();
        assert_eq!(version, format!("v{crate_version}"), "{rel} installs this version's release");
    }
    let github = all_strings(&yaml("examples/ci/github-actions.yml"));
    assert!(github.contains("actions/deploy-pages@"), "the GitHub example still deploys");
}

/// The Dockerfile's instructions (comments dropped, continued lines joined), as (keyword, rest).
fn dockerfile() -> Vec<(String, String)> {
    let joined = read("Dockerfile")
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("\\\n", " ");
    joined
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (keyword, rest) = l.trim().split_once(' ').unwrap_or((l.trim(), ""));
            (keyword.to_ascii_uppercase(), rest.trim().to_string())
        })
        .collect()
}

#[test]
fn the_container_image_is_a_static_binary_on_an_empty_image_run_as_a_user_in_site() {
    let bin = binary_name();
    let steps = dockerfile();
    let get = |keyword: &str| -> Vec<&str> {
        steps.iter().filter(|(k, _)| k == keyword).map(|(_, rest)| rest.as_str()).collect()
    };
    let stages = get("FROM");
    assert_eq!(stages.len(), 2, "a build stage and the final image: {stages:?}");
    assert!(stages[0].contains("alpine") && stages[0].ends_with(" AS build"), "builds on musl: {}", stages[0]);
    assert!(
        stages[1] == "scratch" || stages[1].starts_with("gcr.io/distroless/static"),
        "the final image has nothing but docent: {}",
        stages[1]
    );
    assert!(get("RUN").iter().any(|r| r.contains("cargo build --release --locked")), "builds with Cargo.lock");
    assert!(get("ENV").iter().any(|e| e.contains("+crt-static")), "links statically");
    assert_eq!(get("COPY").last().copied(), Some(format!("--from=build /{bin} /{bin}").as_str()));
    assert_eq!(get("ENTRYPOINT"), [format!("[\"/{bin}\"]").as_str()]);
    assert_eq!(get("WORKDIR").last().copied(), Some("/site"));
    let user = get("USER");
    assert_eq!(user.len(), 1, "{user:?}");
    let uid = user[0].split(':').next().unwrap();
    assert!(uid != "0" && uid != "root", "runs as a non-root user: {}", user[0]);

    // The port it exposes is the one `docent serve` listens on by default.
    let help = docent().args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    let after_port = &help[help.find("--port").expect("serve has --port")..];
    let default = after_port.split("[default: ").nth(1).and_then(|s| s.split(']').next()).expect("a default port");
    assert_eq!(get("EXPOSE"), [default]);
    let text = read("Dockerfile");
    assert!(text.contains("--bind 0.0.0.0"), "says serve must bind 0.0.0.0 in a container");

    let ignored = read(".dockerignore");
    assert!(ignored.lines().any(|l| l == "target/"), "the build context leaves out target/");
}

#[test]
fn the_minimum_rust_version_is_declared_and_the_readme_says_it() {
    let manifest = cargo_toml();
    let package = &manifest["package"];
    let declared = package["rust-version"].as_str().expect("Cargo.toml sets rust-version");
    let parts: Vec<u32> = declared.split('.').map(|p| p.parse().unwrap()).collect();
    assert_eq!(package["edition"].as_str(), Some("2024"));
    assert!(parts >= vec![1, 85], "edition 2024 needs Rust 1.85 or later, not {declared}");
    let readme = read("README.md");
    assert!(readme.contains(&format!("Rust {declared} or later")), "README states the minimum, Rust {declared}");
}

/// The `run` script of the step named `name` in a workflow job, with the matrix values filled in.
fn step_script(job: &Value, name: &str, matrix: &[(&str, &str)]) -> String {
    let steps = job["steps"].as_sequence().expect("steps");
    let step = steps.iter().find(|s| s["name"].as_str() == Some(name)).unwrap_or_else(|| panic!("no step {name}"));
    let mut script = step["run"].as_str().unwrap().to_string();
    for (key, value) in matrix {
        script = script.replace(&format!("${{{{ matrix.{key} }}}}"), value);
    }
    assert!(!script.contains("${{"), "an expression left in {name}: {script}");
    script
}

fn bash(script: &str, dir: &std::path::Path, env: &[(&str, String)]) -> std::process::Output {
    std::process::Command::new("bash")
        .args(["-e", "-c", script])
        .current_dir(dir)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .expect("run bash")
}

#[test]
#[cfg(target_os = "linux")]
fn the_github_example_installs_what_the_release_workflow_packages_and_refuses_a_bad_checksum() {
    // The workflow's own Package and Checksums scripts make a release of this build's binary in a
    // folder; the example's install script then downloads it (over file://) as it would from GitHub.
    let work = tempfile::tempdir().unwrap();
    let arch = std::env::consts::ARCH;
    let target = format!("{arch}-unknown-linux-musl");
    let built = work.path().join(format!("target/{target}/release"));
    std::fs::create_dir_all(&built).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_docent"), built.join("docent")).unwrap();
    std::fs::copy(repo().join("README.md"), work.path().join("README.md")).unwrap();

    let workflow = yaml(".github/workflows/release.yml");
    let matrix = [("target", target.as_str()), ("archive", "tar.gz")];
    let package = bash(&step_script(&workflow["jobs"]["build"], "Package", &matrix), work.path(), &[]);
    assert!(package.status.success(), "{}", stderr(&package));
    let version = format!("v{}", cargo_toml()["package"]["version"].as_str().unwrap());
    let release = work.path().join("releases").join(&version);
    std::fs::create_dir_all(&release).unwrap();
    let asset = format!("docent-{target}.tar.gz");
    std::fs::rename(work.path().join("dist").join(&asset), release.join(&asset)).unwrap();
    let sums = bash(&step_script(&workflow["jobs"]["release"], "Checksums", &[]), &release, &[]);
    assert!(sums.status.success(), "{}", stderr(&sums));

    let example = yaml("examples/ci/github-actions.yml");
    let install = step_script(&example["jobs"]["build"], "Install docent", &[]);
    let runner = |name: &str| {
        let home = work.path().join(name);
        let temp = home.join("runner-temp");
        std::fs::create_dir_all(&temp).unwrap();
        let env = [
            ("DOCENT_RELEASES", format!("file://{}", work.path().join("releases").display())),
            ("DOCENT_VERSION", version.clone()),
            ("RUNNER_TEMP", temp.display().to_string()),
            ("HOME", home.display().to_string()),
            ("GITHUB_PATH", home.join("github-path").display().to_string()),
        ];
        (bash(&install, work.path(), &env), home)
    };
    let (installed, home) = runner("good");
    assert!(installed.status.success(), "{}", stderr(&installed));
    assert!(String::from_utf8_lossy(&installed.stdout).contains(&format!("docent-{target}.tar.gz: OK")));
    assert_eq!(std::fs::read(home.join(".local/bin/docent")).unwrap(), std::fs::read(built.join("docent")).unwrap());
    let path = std::fs::read_to_string(home.join("github-path")).unwrap();
    assert_eq!(path.trim(), home.join(".local/bin").display().to_string());

    // An archive that is not the one the sums were made for is refused, and nothing is installed.
    let mut bytes = std::fs::read(release.join(&asset)).unwrap();
    bytes.push(0);
    std::fs::write(release.join(&asset), bytes).unwrap();
    let (refused, home) = runner("bad");
    assert!(!refused.status.success(), "a bad checksum must fail the step");
    assert!(String::from_utf8_lossy(&refused.stdout).contains("FAILED"), "{}", stderr(&refused));
    assert!(!home.join(".local/bin/docent").exists());
}
