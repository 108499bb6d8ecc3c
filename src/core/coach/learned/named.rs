//! The learned model's content by feature name, and its text form: the one
//! the training command produces and a reviewer reads (which features weigh
//! what). The committed file is the compact form (`compact.rs`); both read
//! into this one shape, so the two give one and the same model.

use super::{output_name, DENSE, OUTPUTS};
use std::fmt::Write as _;

/// The temperature levels, in the text form's names.
pub(crate) const LEVELS: [&str; 4] = ["calm", "upset", "angry", "furious"];

/// A model by feature name, in its files' units (logits × 16).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Named {
    pub bias: [i32; OUTPUTS],
    /// `i32::MAX`: the output never fires on the model alone.
    pub threshold: [i32; OUTPUTS],
    /// `i32::MIN`: no veto.
    pub veto: [i32; OUTPUTS],
    /// Draft features: name, then (output, weight) pairs.
    pub draft: Vec<(String, Vec<(u8, i16)>)>,
    pub heat_bias: [i32; 4],
    pub heat_dense: [[i32; 4]; 12],
    /// Temperature word features: name, then a weight per level.
    pub heat: Vec<(String, [i32; 4])>,
}

impl Default for Named {
    fn default() -> Named {
        Named {
            bias: [0; OUTPUTS],
            threshold: [i32::MAX; OUTPUTS],
            veto: [i32::MIN; OUTPUTS],
            draft: Vec::new(),
            heat_bias: [0; 4],
            heat_dense: [[0; 4]; 12],
            heat: Vec::new(),
        }
    }
}

fn parse_levels(s: &str, line: usize) -> Result<[i32; 4], String> {
    let mut out = [0; 4];
    for kv in s.split_whitespace() {
        let bad = || format!("model.txt:{line}: expected level=weight, found {kv:?}");
        let (k, v) = kv.split_once('=').ok_or_else(bad)?;
        let l = LEVELS.iter().position(|x| *x == k).ok_or_else(bad)?;
        out[l] = v.parse().map_err(|_| bad())?;
    }
    Ok(out)
}

fn parse_pairs(s: &str, line: usize) -> Result<Vec<(usize, i32)>, String> {
    let mut out = Vec::new();
    for kv in s.split_whitespace() {
        let (k, v) = kv.split_once('=').ok_or_else(|| format!("model.txt:{line}: expected name=weight, found {kv:?}"))?;
        let o = (0..OUTPUTS).find(|&o| output_name(o) == k).ok_or_else(|| format!("model.txt:{line}: unknown output {k:?}"))?;
        let v: i32 = v.parse().map_err(|_| format!("model.txt:{line}: bad weight {v:?}"))?;
        out.push((o, v));
    }
    Ok(out)
}

impl Named {
    /// Reads the text form; the error names the line. A feature line with
    /// no weights is left out (it weighs nothing).
    pub fn parse(src: &str) -> Result<Named, String> {
        let mut m = Named::default();
        for (n, line) in src.lines().enumerate() {
            let n = n + 1;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (head, rest) = line.split_once('\t').unwrap_or((line, ""));
            let bad = || format!("model.txt:{n}: cannot read {line:?}");
            if let Some(name) = head.strip_prefix("f ") {
                let pairs = parse_pairs(rest, n)?
                    .into_iter()
                    .map(|(o, w)| i16::try_from(w).map(|w| (o as u8, w)).map_err(|_| bad()))
                    .collect::<Result<Vec<_>, _>>()?;
                if !pairs.is_empty() {
                    m.draft.push((name.to_string(), pairs));
                }
            } else if let Some(name) = head.strip_prefix("h ") {
                m.heat.push((name.to_string(), parse_levels(rest, n)?));
            } else if let Some(name) = head.strip_prefix("d ") {
                let k = DENSE.iter().position(|d| *d == name).ok_or_else(bad)?;
                m.heat_dense[k] = parse_levels(rest, n)?;
            } else {
                match head {
                    "bias" => parse_pairs(rest, n)?.into_iter().for_each(|(o, v)| m.bias[o] = v),
                    "threshold" => parse_pairs(rest, n)?.into_iter().for_each(|(o, v)| m.threshold[o] = v),
                    "veto" => parse_pairs(rest, n)?.into_iter().for_each(|(o, v)| m.veto[o] = v),
                    "heat_bias" => m.heat_bias = parse_levels(rest, n)?,
                    "version" => {
                        if rest.trim() != "1" {
                            return Err(format!("model.txt:{n}: unsupported version"));
                        }
                    }
                    _ => return Err(bad()),
                }
            }
        }
        Ok(m)
    }

    /// The text form, features sorted by name (what `parse` reads back to
    /// the same model), for a reviewer.
    pub fn to_text(&self) -> String {
        let pairs =
            |v: &mut dyn Iterator<Item = (usize, i32)>| v.map(|(o, x)| format!("{}={x}", output_name(o))).collect::<Vec<_>>().join(" ");
        let four = |w: &[i32; 4]| (0..4).filter(|&k| w[k] != 0).map(|k| format!("{}={}", LEVELS[k], w[k])).collect::<Vec<_>>().join(" ");
        let mut out = String::new();
        out.push_str("# The coach's learned weights, the text form of static/coach/model.bin (written by\n");
        out.push_str("# `cargo run --release --example train_coach`). Draft outputs: integer logits x 16 per sentence;\n");
        out.push_str("# temperature: a logit x 16 per level (heat_bias + words `h` + cue inputs `d`).\n");
        out.push_str("version\t1\n");
        let _ = writeln!(out, "bias\t{}", pairs(&mut self.bias.iter().copied().enumerate()));
        let _ = writeln!(out, "threshold\t{}", pairs(&mut self.threshold.iter().copied().enumerate().filter(|(_, t)| *t != i32::MAX)));
        let _ = writeln!(out, "veto\t{}", pairs(&mut self.veto.iter().copied().enumerate().filter(|(_, v)| *v != i32::MIN)));
        let mut draft: Vec<&(String, Vec<(u8, i16)>)> = self.draft.iter().collect();
        draft.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, ws) in draft {
            let _ = writeln!(out, "f {name}\t{}", pairs(&mut ws.iter().map(|&(o, w)| (usize::from(o), i32::from(w)))));
        }
        let _ = writeln!(out, "heat_bias\t{}", four(&self.heat_bias));
        for (k, name) in DENSE.iter().enumerate() {
            let _ = writeln!(out, "d {name}\t{}", four(&self.heat_dense[k]));
        }
        let mut heat: Vec<&(String, [i32; 4])> = self.heat.iter().collect();
        heat.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, w) in heat {
            let _ = writeln!(out, "h {name}\t{}", four(w));
        }
        out
    }
}
