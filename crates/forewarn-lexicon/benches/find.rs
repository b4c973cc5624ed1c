//! Throughput of `Lexicon::find` on mixed-case and upper-case news prose.

use forewarn_lexicon::{Lexicon, propose_unknown};

fn main() {
    divan::main();
}

const PROSE: &str = "The Islamic State Khorasan Province (ISKP) claimed the attack on a concert hall near \
Moscow, killing 137 people. Analysts said al-Qa'ida and the Taliban condemned it, while the \
Tehrik-i-Taliban Pakistan stayed silent. In June 2020 the group's top job went to Sanaullah Ghafari, \
known as Shahab al-Muhajir. Afghan forces captured its leader, Aslam Farooqi, in March 2020. \
IS claimed a second bombing in Kabul the following week. ";

fn corpus(caps: bool) -> String {
    let text = PROSE.repeat(200); // about 100 KB
    if caps { text.to_uppercase() } else { text }
}

#[divan::bench(args = [false, true])]
fn find(bencher: divan::Bencher, caps: bool) {
    let lexicon = Lexicon::global();
    let text = corpus(caps);
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| lexicon.find(divan::black_box(&text)));
}

#[divan::bench]
fn find_and_propose(bencher: divan::Bencher) {
    let lexicon = Lexicon::global();
    let text = corpus(false);
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| {
            let known = lexicon.find(divan::black_box(&text));
            propose_unknown(&text, &known)
        });
}
