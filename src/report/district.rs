//! Which county-level division a report is about: the names the title, issuer and sign-off
//! give (else the start of the body), a repeated name settled by the places around it
//! (`四平市铁西区` or `沈阳市铁西区`), and a `---` block's word over all of them.

use super::gazetteer::{occurrences, Division, Gazetteer};
use super::meta::{Meta, Overrides};
use super::text::floor_char;
use super::Report;
use std::collections::HashMap;

/// The district decision.
pub(super) struct DistrictChoice {
    district: Option<String>,
    division: Option<Division>,
}

impl DistrictChoice {
    /// Fill in the district, code, prefecture and province.
    pub(super) fn apply(self, meta: &mut Meta) {
        meta.district = self.district;
        if let Some(d) = self.division {
            meta.code = Some(d.code);
            meta.prefecture = (!d.prefecture.is_empty()).then_some(d.prefecture);
            meta.province = Some(d.province);
        }
    }
}

/// Decide the district of `report`, whose title and front matter are in `meta`; warnings
/// say what could not be decided.
pub(super) fn resolve(
    report: &Report,
    meta: &Meta,
    overrides: &Overrides,
    warnings: &mut Vec<String>,
) -> DistrictChoice {
    let g = Gazetteer::bundled();
    let header: String = [
        meta.title.as_str(),
        &report.front_matter.join("\n"),
        &report.sign_off.join("\n"),
    ]
    .join("\n");
    let body = body_text(report);

    if let Some(code) = &overrides.code {
        if let Some(d) = g.by_code(code) {
            return DistrictChoice {
                district: Some(d.name.clone()),
                division: Some(d.clone()),
            };
        }
        warnings.push(format!(
            "code {code} in the --- block is not a county-level division"
        ));
    }
    let name = match &overrides.district {
        Some(n) => Some(n.clone()),
        None => {
            let in_header = g.names_in(&header);
            let from_body = in_header.is_empty();
            let found = if from_body {
                g.names_in(&body[..floor_char(&body, 600)])
            } else {
                in_header
            };
            // `威海市文登区`: a city named with one of its districts only qualifies it. A
            // municipality listed as a division of its own (`上海市`, province 上海市) does not
            // qualify itself.
            let qualifiers: Vec<&str> = found
                .iter()
                .flat_map(|(n, _)| g.named(n))
                .filter(|d| d.name != d.prefecture)
                .flat_map(|d| {
                    [d.prefecture.as_str(), d.province.as_str()]
                        .into_iter()
                        .filter(move |&q| q != d.name)
                })
                .collect();
            // Several names: the one the body mentions most, all counted in one pass.
            let names: Vec<&String> = found
                .iter()
                .map(|(n, _)| n)
                .filter(|n| !qualifiers.contains(&n.as_str()))
                .collect();
            let in_body = occurrences(&body, names.iter().map(|n| n.as_str()));
            let mut scored: Vec<(&String, usize)> = found
                .iter()
                .filter(|(n, _)| !qualifiers.contains(&n.as_str()))
                .map(|(n, c)| (n, c * 100 + in_body[n.as_str()]))
                .collect();
            scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let best = scored.first().map(|(n, _)| (*n).clone());
            if let Some(n) = &best {
                let others: Vec<&str> = scored[1..].iter().map(|(o, _)| o.as_str()).collect();
                if from_body {
                    // A city's report, or a header without the district: do not guess silently.
                    warnings.push(format!(
                        "district {n} is only mentioned in the body, not in the title or issuer; \
                         check it or add `district:` in a --- block"
                    ));
                } else if scored.len() > 1 && scored[1].1 == scored[0].1 {
                    warnings.push(format!(
                        "the title names several districts ({n}, {}); chose {n}, \
                         or add `district:` in a --- block",
                        others.join(", ")
                    ));
                }
            }
            best
        }
    };
    let Some(name) = name else {
        warnings.push(
            "district not found in the text; add `district:` (and `prefecture:`) in a --- block"
                .into(),
        );
        return DistrictChoice {
            district: None,
            division: None,
        };
    };
    let mut candidates = g.named(&name);
    if let Some(p) = &overrides.prefecture {
        candidates.retain(|d| &d.prefecture == p);
    }
    if let Some(p) = &overrides.province {
        candidates.retain(|d| &d.province == p);
    }
    let division = match candidates.len() {
        0 => {
            warnings.push(format!("district {name} is not in the gazetteer"));
            None
        }
        1 => Some(candidates[0].clone()),
        _ => {
            let all = format!("{header}\n{body}");
            // Every place name any candidate is scored on, counted in one pass.
            let places: Vec<[String; 5]> =
                candidates.iter().map(|d| place_names(&name, d)).collect();
            let counts = occurrences(&all, places.iter().flatten().map(String::as_str));
            let scored: Vec<(usize, &Division)> = candidates
                .iter()
                .zip(&places)
                .map(|(d, names)| (place_score(&counts, names), *d))
                .collect();
            let top = scored.iter().map(|s| s.0).max().unwrap_or(0);
            let winners: Vec<&Division> =
                scored.iter().filter(|s| s.0 == top).map(|s| s.1).collect();
            if top > 0 && winners.len() == 1 {
                Some(winners[0].clone())
            } else {
                let list: Vec<String> = candidates
                    .iter()
                    .map(|d| format!("{}{}", d.prefecture, d.name))
                    .collect();
                warnings.push(format!(
                    "district {name} is ambiguous ({}); add `prefecture:` in a --- block",
                    list.join(", ")
                ));
                None
            }
        }
    };
    DistrictChoice {
        district: Some(name),
        division,
    }
}

/// The names the text may use for division `d` called `name`: prefecture and name together
/// (`四平市铁西区`), the prefecture (`四平市`) and its stem (`四平`), the province (`吉林省`)
/// and its stem (`吉林`). A name left out is empty: a directly administered county has no
/// prefecture, and a one-character stem says nothing.
fn place_names(name: &str, d: &Division) -> [String; 5] {
    let stem = |s: &str| {
        let stem = s
            .trim_end_matches("市")
            .trim_end_matches("省")
            .trim_end_matches("自治区");
        if stem.chars().count() >= 2 {
            stem.to_string()
        } else {
            String::new()
        }
    };
    if d.prefecture.is_empty() {
        return [
            String::new(),
            String::new(),
            String::new(),
            d.province.clone(),
            stem(&d.province),
        ];
    }
    [
        format!("{}{name}", d.prefecture),
        d.prefecture.clone(),
        stem(&d.prefecture),
        d.province.clone(),
        stem(&d.province),
    ]
}

/// How strongly the text points at a division, from how often it names each of its
/// [`place_names`]: `四平市铁西区` weighs far more than a bare `四平市`, which weighs more
/// than the province.
fn place_score(counts: &HashMap<&str, usize>, names: &[String; 5]) -> usize {
    const WEIGHTS: [usize; 5] = [1000, 10, 3, 5, 1];
    names
        .iter()
        .zip(WEIGHTS)
        .map(|(n, w)| w * counts.get(n.as_str()).copied().unwrap_or(0))
        .sum()
}

fn body_text(report: &Report) -> String {
    let mut s = String::new();
    for p in &report.preamble {
        s.push_str(&p.text);
        s.push('\n');
    }
    for sec in &report.sections {
        s.push_str(&sec.title);
        s.push('\n');
        for p in &sec.paragraphs {
            s.push_str(&p.text);
            s.push('\n');
        }
    }
    s
}
