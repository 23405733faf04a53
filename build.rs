//! Embeds the shipped knowledge base (the ontology and every Turtle file under data/) in the
//! binary, so that a fresh machine gets a working store without a checkout. Listing the files
//! here, rather than by hand, means a new data file cannot be forgotten.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn turtle_files(dir: &str, skip: &[&str]) -> Vec<String> {
    println!("cargo::rerun-if-changed={dir}");
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {dir}: {e}"))
        .map(|entry| entry.expect("readable directory entry").file_name())
        .filter_map(|name| name.into_string().ok())
        .filter(|name| name.ends_with(".ttl") && !skip.contains(&name.as_str()))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    names.sort();
    names
}

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut files = turtle_files("ontology", &["shapes.ttl"]);
    files.extend(turtle_files("data", &[]));
    let mut code = String::from("&[\n");
    for file in &files {
        let absolute = Path::new(&root).join(file);
        writeln!(
            code,
            "    ShippedFile {{ path: {file:?}, content: include_str!({:?}) }},",
            absolute.display()
        )
        .expect("writing to a String cannot fail");
    }
    code.push(']');
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("shipped.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
