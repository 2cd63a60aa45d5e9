fn main() {
    consensus_lab::start();
}
