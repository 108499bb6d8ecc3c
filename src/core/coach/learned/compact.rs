//! The compact form of the learned model, `static/coach/model.bin`: the
//! same model as the text form (feature names and integer weights, nothing
//! rounded), in about a sixth of the bytes, so the coach worker stays small.
//!
//! Layout (integers are LEB128 varints, signed ones zigzagged first):
//!
//! | part | what |
//! | --- | --- |
//! | header | `TCLM`, version 2, the number of outputs and of dense inputs |
//! | scalars | bias, threshold, veto per output; heat bias; heat dense weights |
//! | vocabulary | the words of the feature names (a name is words split by spaces), commonest first, each as (bytes shared with the previous word, the rest) |
//! | draft names | per feature, its word indices: a head byte (words shared with the previous feature ≪ 4, word count), then the first new index as a step up from the previous feature's, the rest as they are; features sorted by their indices |
//! | draft outputs | per (output, weight) pair a byte: the step up from the previous output less one, the high bit on the feature's last |
//! | draft weights | one signed varint per pair |
//! | heat names, heat weights | as the draft names; four signed varints each |
//! | checksum | FNV-1a (32 bits) of all the bytes before it, little-endian |
//!
//! Columns rather than rows: each holds one kind of number, which gzip and
//! brotli then code well. The reader checks every count, index and range and
//! names the byte where a file goes wrong; it never panics.

use super::named::Named;
use super::{DENSE, OUTPUTS};
use std::collections::HashMap;

const MAGIC: &[u8; 4] = b"TCLM";
const VERSION: u8 = 2;
/// Words a feature name may have (the head byte keeps the count in 4 bits).
const MAX_PARTS: usize = 15;
/// Set on the output byte of a feature's last pair.
const LAST: u8 = 0x80;

fn fnv32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

fn put_u(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_i(out: &mut Vec<u8>, n: i64) {
    put_u(out, ((n << 1) ^ (n >> 63)) as u64);
}

/// A feature name as vocabulary indices.
type Parts = Vec<u32>;

/// Writes a compact model file. Fails on a model it cannot hold (a name of
/// more than 15 words, the same name twice).
pub(crate) fn encode(m: &Named) -> Result<Vec<u8>, String> {
    let vocab = vocabulary(m);
    let index: HashMap<&str, u32> = vocab.iter().enumerate().map(|(k, w)| (*w, k as u32)).collect();
    let parts = |name: &str| -> Parts { name.split(' ').map(|w| index[w]).collect() };
    let mut out = MAGIC.to_vec();
    out.push(VERSION);
    put_u(&mut out, OUTPUTS as u64);
    put_u(&mut out, DENSE.len() as u64);
    for v in m.bias.iter().chain(&m.threshold).chain(&m.veto).chain(&m.heat_bias).chain(m.heat_dense.iter().flatten()) {
        put_i(&mut out, i64::from(*v));
    }
    put_u(&mut out, vocab.len() as u64);
    let mut prev: &[u8] = b"";
    for w in &vocab {
        let shared = prev.iter().zip(w.as_bytes()).take_while(|(a, b)| a == b).count();
        put_u(&mut out, shared as u64);
        put_u(&mut out, (w.len() - shared) as u64);
        out.extend_from_slice(&w.as_bytes()[shared..]);
        prev = w.as_bytes();
    }
    let mut draft: Vec<(Parts, &[(u8, i16)])> = m.draft.iter().map(|(n, ws)| (parts(n), ws.as_slice())).collect();
    draft.sort_by(|a, b| a.0.cmp(&b.0));
    put_names(&mut out, draft.iter().map(|d| &d.0), "draft")?;
    for (_, ws) in &draft {
        let mut sorted = ws.to_vec();
        sorted.sort_unstable();
        let mut last: Option<u8> = None;
        for (k, &(o, _)) in sorted.iter().enumerate() {
            let step = o.checked_sub(last.map_or(0, |l| l + 1)).filter(|_| usize::from(o) < OUTPUTS);
            let step = step.ok_or_else(|| format!("a draft feature has output {o} twice or out of range"))?;
            out.push(step | if k + 1 == sorted.len() { LAST } else { 0 });
            last = Some(o);
        }
    }
    for (_, ws) in &draft {
        let mut sorted = ws.to_vec();
        sorted.sort_unstable();
        sorted.iter().for_each(|&(_, w)| put_i(&mut out, i64::from(w)));
    }
    let mut heat: Vec<(Parts, &[i32; 4])> = m.heat.iter().map(|(n, w)| (parts(n), w)).collect();
    heat.sort_by(|a, b| a.0.cmp(&b.0));
    put_names(&mut out, heat.iter().map(|h| &h.0), "temperature")?;
    heat.iter().flat_map(|h| h.1.iter()).for_each(|&w| put_i(&mut out, i64::from(w)));
    let sum = fnv32(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    Ok(out)
}

/// The words of every feature name, commonest first (small indices for the
/// words most names use), ties by the word.
fn vocabulary(m: &Named) -> Vec<&str> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for name in m.draft.iter().map(|d| d.0.as_str()).chain(m.heat.iter().map(|h| h.0.as_str())) {
        for w in name.split(' ') {
            *count.entry(w).or_default() += 1;
        }
    }
    let mut v: Vec<&str> = count.keys().copied().collect();
    v.sort_by(|a, b| count[b].cmp(&count[a]).then(a.cmp(b)));
    v
}

fn put_names<'p>(out: &mut Vec<u8>, names: impl ExactSizeIterator<Item = &'p Parts>, table: &str) -> Result<(), String> {
    put_u(out, names.len() as u64);
    let mut prev: &[u32] = &[];
    for p in names {
        if p.len() > MAX_PARTS {
            return Err(format!("a {table} feature has {} words, more than {MAX_PARTS}", p.len()));
        }
        let shared = prev.iter().zip(p).take_while(|(a, b)| a == b).count();
        if shared == p.len() {
            return Err(format!("a {table} feature is named twice"));
        }
        out.push((shared << 4 | p.len()) as u8);
        for (j, &w) in p.iter().enumerate().skip(shared) {
            match prev.get(j).filter(|_| j == shared) {
                Some(&before) => put_u(out, u64::from(w - before - 1)),
                None => put_u(out, u64::from(w)),
            }
        }
        prev = p;
    }
    Ok(())
}

/// Reads a compact file, every step checked.
struct Reader<'b> {
    file: &'b str,
    bytes: &'b [u8],
    pos: usize,
}

impl Reader<'_> {
    fn err(&self, what: impl std::fmt::Display) -> String {
        format!("{}: byte {}: {what}", self.file, self.pos)
    }

    fn byte(&mut self, what: &str) -> Result<u8, String> {
        let b = *self.bytes.get(self.pos).ok_or_else(|| self.err(format_args!("the file ends inside {what}")))?;
        self.pos += 1;
        Ok(b)
    }

    fn u(&mut self, what: &str) -> Result<u64, String> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte(what)?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(self.err(format_args!("a number in {what} is too long")))
    }

    /// A count of items each at least one byte long, so a corrupt count
    /// cannot ask for more memory than the file has bytes.
    fn count(&mut self, what: &str) -> Result<usize, String> {
        let n = self.u(what)?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= self.bytes.len() - self.pos)
            .ok_or_else(|| self.err(format_args!("{what}: {n} items cannot fit")))
    }

    fn i32(&mut self, what: &str) -> Result<i32, String> {
        let z = self.u(what)?;
        let v = (z >> 1) as i64 ^ -((z & 1) as i64);
        i32::try_from(v).map_err(|_| self.err(format_args!("{what}: {v} is out of range")))
    }

    fn names(&mut self, vocab: &[String], table: &str) -> Result<Vec<String>, String> {
        let n = self.count(table)?;
        let mut out = Vec::with_capacity(n);
        let mut prev: Vec<u32> = Vec::new();
        for k in 0..n {
            let what = format!("{table} feature {k}");
            let head = self.byte(&what)?;
            let (shared, len) = (usize::from(head >> 4), usize::from(head & 15));
            if shared >= len || shared > prev.len() {
                return Err(self.err(format_args!("{what}: {shared} shared words of {len} do not follow the one before")));
            }
            let before = prev.get(shared).copied();
            prev.truncate(shared);
            for j in shared..len {
                let step = self.u(&what)?;
                let w = match before {
                    Some(b) if j == shared => u64::from(b) + 1 + step,
                    _ => step,
                };
                let w = u32::try_from(w).ok().filter(|&w| (w as usize) < vocab.len());
                prev.push(w.ok_or_else(|| self.err(format_args!("{what}: no word {step} in the vocabulary")))?);
            }
            let words: Vec<&str> = prev.iter().map(|&w| vocab[w as usize].as_str()).collect();
            let name = words.join(" ");
            out.push(name);
        }
        Ok(out)
    }
}

/// Reads a compact model file; `file` names it in the errors (every error
/// says which byte and what was being read there).
pub(crate) fn decode(bytes: &[u8], file: &str) -> Result<Named, String> {
    let body = bytes
        .len()
        .checked_sub(4)
        .filter(|&n| n > MAGIC.len())
        .ok_or_else(|| format!("{file}: {} bytes is too short for a model", bytes.len()))?;
    if &bytes[..4] != MAGIC {
        return Err(format!("{file}: not a compact coach model (it does not start with {:?})", "TCLM"));
    }
    if bytes[4] != VERSION {
        return Err(format!("{file}: version {} of the compact model, this build reads {VERSION}", bytes[4]));
    }
    let (data, sum) = bytes.split_at(body);
    if sum != fnv32(data).to_le_bytes() {
        return Err(format!("{file}: the checksum in its last 4 bytes does not match its {body} bytes: the file is corrupt or cut short"));
    }
    let mut r = Reader { file, bytes: data, pos: 5 };
    let (outputs, dense) = (r.u("the header")?, r.u("the header")?);
    if outputs != OUTPUTS as u64 || dense != DENSE.len() as u64 {
        return Err(r.err(format_args!("{outputs} outputs and {dense} dense inputs, this build has {OUTPUTS} and {}", DENSE.len())));
    }
    let mut m = Named::default();
    for v in m.bias.iter_mut().chain(&mut m.threshold).chain(&mut m.veto).chain(&mut m.heat_bias).chain(m.heat_dense.iter_mut().flatten()) {
        *v = r.i32("the scalars")?;
    }
    let vocab = read_vocabulary(&mut r)?;
    let names = r.names(&vocab, "draft")?;
    let mut outputs_of: Vec<Vec<u8>> = Vec::with_capacity(names.len());
    for k in 0..names.len() {
        let what = format!("the outputs of draft feature {k}");
        let mut os = Vec::new();
        let mut next = 0u32;
        loop {
            let b = r.byte(&what)?;
            let o = next + u32::from(b & !LAST);
            if o as usize >= OUTPUTS {
                return Err(r.err(format_args!("{what}: no output {o}")));
            }
            os.push(o as u8);
            next = o + 1;
            if b & LAST != 0 {
                break;
            }
        }
        outputs_of.push(os);
    }
    for (name, os) in names.into_iter().zip(outputs_of) {
        let mut ws = Vec::with_capacity(os.len());
        for o in os {
            let w = r.i32("the draft weights")?;
            ws.push((o, i16::try_from(w).map_err(|_| r.err(format_args!("draft weight {w} is out of range")))?));
        }
        m.draft.push((name, ws));
    }
    for name in r.names(&vocab, "temperature")? {
        let mut w = [0; 4];
        for x in &mut w {
            *x = r.i32("the temperature weights")?;
        }
        m.heat.push((name, w));
    }
    if r.pos != data.len() {
        return Err(r.err(format_args!("{} bytes left over after the model", data.len() - r.pos)));
    }
    Ok(m)
}

fn read_vocabulary(r: &mut Reader) -> Result<Vec<String>, String> {
    let n = r.count("the vocabulary")?;
    let mut vocab: Vec<String> = Vec::with_capacity(n);
    for k in 0..n {
        let what = format!("vocabulary word {k}");
        let prev = vocab.last().map_or("", String::as_str).as_bytes();
        let shared = r.u(&what)? as usize;
        let rest = r.u(&what)? as usize;
        if shared > prev.len() || rest > r.bytes.len() - r.pos {
            return Err(r.err(format_args!("{what}: {shared} shared and {rest} new bytes do not fit")));
        }
        let mut w = prev[..shared].to_vec();
        w.extend_from_slice(&r.bytes[r.pos..r.pos + rest]);
        r.pos += rest;
        vocab.push(String::from_utf8(w).map_err(|_| r.err(format_args!("{what} is not UTF-8")))?);
    }
    Ok(vocab)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Named {
        let src = "version\t1\nbias\tblame=-3 thanks=2\nthreshold\tblame=5\nveto\tblame=-9\n\
                   f a b\tblame=4 empathy=-200\nf a\tthanks=1\nf ! a\tblame=7\nf a * b\tapology=3\n\
                   heat_bias\tcalm=2\nd capitals\tfurious=12\nh a\tangry=-70000\n";
        match Named::parse(src) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn a_model_reads_back_the_same() {
        let m = small();
        let bytes = encode(&m).unwrap_or_default();
        let back = decode(&bytes, "t.bin").map(|b| b.to_text());
        assert_eq!(back, Ok(m.to_text()));
    }

    #[test]
    fn every_cut_of_a_file_is_refused_with_a_message() {
        let bytes = encode(&small()).unwrap_or_default();
        for n in 0..bytes.len() {
            let e = decode(&bytes[..n], "t.bin").err().unwrap_or_default();
            assert!(e.starts_with("t.bin: "), "{n}: {e}");
        }
    }

    #[test]
    fn a_changed_byte_is_refused() {
        let bytes = encode(&small()).unwrap_or_default();
        for k in 0..bytes.len() {
            let mut b = bytes.clone();
            b[k] ^= 0x21;
            assert!(decode(&b, "t.bin").is_err(), "byte {k}");
        }
    }

    /// Past the checksum (a file written with a good checksum over bad
    /// content), the reader still names the byte instead of panicking.
    #[test]
    fn bad_content_under_a_good_checksum_is_refused_at_its_byte() {
        let bytes = encode(&small()).unwrap_or_default();
        let body = bytes.len() - 4;
        for k in 5..body {
            for flip in [0x01u8, 0x0f, 0x80, 0xff] {
                let mut b = bytes[..body].to_vec();
                b[k] ^= flip;
                let sum = fnv32(&b);
                b.extend_from_slice(&sum.to_le_bytes());
                if let Err(e) = decode(&b, "t.bin") {
                    assert!(e.starts_with("t.bin: byte "), "{k}: {e}");
                }
            }
        }
    }
}
