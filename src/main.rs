//! The `pierobeza` command: thin wrapper over the library.

fn main() {
    eprintln!("pierobeza: under construction");
}
