//! The AFL++ harness: runs one target of `docent::fuzz`, named by `DOCENT_FUZZ_TARGET`, on each
//! input AFL++ gives. A panic or a broken bound aborts, which AFL++ records as a crash.
//! Run through `scripts/fuzz afl`, which builds this with `cargo afl` and starts `afl-fuzz`
//! with the seeds of `tests/fuzz/seeds/TARGET/`.

fn main() {
    let name = std::env::var("DOCENT_FUZZ_TARGET").unwrap_or_default();
    let Some(target) = docent::fuzz::target(&name) else {
        let names: Vec<&str> = docent::fuzz::TARGETS.iter().map(|t| t.name).collect();
        eprintln!("set DOCENT_FUZZ_TARGET to one of: {}", names.join(", "));
        std::process::exit(2);
    };
    afl::fuzz!(|data: &[u8]| {
        if let Err(why) = (target.run)(data) {
            panic!("{}: {why}", target.name);
        }
    });
}
