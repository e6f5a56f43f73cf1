//! "Did you mean": the known names closest to a mistyped one, for endpoint ids and field names.

/// The ids closest to `id`: those containing it (shortest first), or else the closest ones
/// within a few edits of it. At most five.
pub fn ids(id: &str) -> Vec<&'static str> {
    const MAX: usize = 5;
    let wanted = id.trim().trim_matches('/').to_lowercase();
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut containing: Vec<&'static str> = genmedia_catalog::all()
        .map(|e| e.id)
        .filter(|known| known.to_lowercase().contains(&wanted))
        .collect();
    if !containing.is_empty() {
        containing.sort_by_key(|known| (known.len(), *known));
        containing.truncate(MAX);
        return containing;
    }
    let limit = (wanted.chars().count() / 3).max(2);
    let mut close: Vec<(usize, &'static str)> = genmedia_catalog::all()
        .map(|e| (edit_distance(&wanted, &e.id.to_lowercase()), e.id))
        .filter(|(distance, _)| *distance <= limit)
        .collect();
    close.sort();
    let best = close.first().map_or(0, |(distance, _)| *distance);
    close
        .into_iter()
        .take_while(|(distance, _)| *distance <= best + 2)
        .take(MAX)
        .map(|(_, known)| known)
        .collect()
}

/// The known name closest to `word` within a third of its length in edits (at least two), case
/// and `-`/`_` aside (`aspect_ration`, `aspectRatio` and `aspect-ratio` → `aspect_ratio`);
/// the first in order among equally close ones.
pub fn closest<'a>(word: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = fold(word);
    let limit = (wanted.chars().count() / 3).max(2);
    known
        .filter(|k| *k != word)
        .map(|k| (edit_distance(&wanted, &fold(k)), k))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}
