//! Shell-style wildcards for resource names: `*` matches any run of characters, `?` one
//! character. CDK names resources `Stack-LogicalIdHASH-Suffix`, so `*ConnectFunction*` is how
//! users name them.

pub fn is_pattern(text: &str) -> bool {
    text.contains(['*', '?'])
}

/// Iterative wildcard match with backtracking to the last `*`: linear in practice, never recursive.
pub fn matches(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((star_p, star_t)) = star {
            pi = star_p + 1;
            ti = star_t + 1;
            star = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Up to five names sharing the pattern's longest literal part (its first 8 characters),
/// ignoring case: what to suggest when a name or pattern matched nothing.
pub fn similar<'a>(pattern: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let fragment = pattern
        .split(['*', '?', '/', '-'])
        .max_by_key(|part| part.len())
        .unwrap_or_default();
    let probe: String = fragment.chars().take(8).collect::<String>().to_lowercase();
    if probe.is_empty() {
        return Vec::new();
    }
    names
        .into_iter()
        .filter(|name| name.to_lowercase().contains(&probe))
        .take(5)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{matches, similar};

    #[test]
    fn similar_names_ignore_case() {
        let names = ["Stack-SimulatorFn-1", "Stack-ConnectFunction-2"];
        assert_eq!(
            similar("*simulatorfunction*", names),
            ["Stack-SimulatorFn-1"]
        );
        assert!(similar("*zzz*", names).is_empty());
        assert!(similar("*", names).is_empty());
    }

    #[test]
    fn cdk_style_names() {
        let name = "IOpsDashboard-ExperienceSt-ConnectFunction52BFC429-YbWN3Npyyb4q";
        assert!(matches("*ConnectFunction*", name));
        assert!(matches("IOpsDashboard-*", name));
        assert!(matches("*-YbWN3Npyyb4?", name));
        assert!(!matches("*DisconnectFunction*", name));
        assert!(!matches("ConnectFunction*", name));
    }

    #[test]
    fn edge_cases() {
        assert!(matches("", ""));
        assert!(matches("*", ""));
        assert!(matches("**a**", "a"));
        assert!(!matches("?", ""));
        assert!(matches("a*b*c", "aXbYbZc"));
        assert!(!matches("a*b*c", "aXbYbZ"));
        assert!(matches("ü?", "üx"));
    }
}
