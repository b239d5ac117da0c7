//! Medians and spreads of repeated measurements, and how they are printed.

use std::time::Duration;

/// The median and the range of a set of measurements.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub n: usize,
}

impl Summary {
    /// Summarizes `values` (at least one).
    pub fn of(values: &[f64]) -> Summary {
        assert!(!values.is_empty(), "no measurements to summarize");
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        Summary {
            median,
            min: sorted[0],
            max: sorted[n - 1],
            n,
        }
    }

    /// Summarizes durations, in milliseconds.
    pub fn of_ms(durations: &[Duration]) -> Summary {
        let ms: Vec<f64> = durations.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        Summary::of(&ms)
    }

    /// `118 ms (min–max 112–130, n=10)`.
    pub fn show(&self, unit: &str) -> String {
        format!(
            "{} {unit} (min–max {}–{}, n={})",
            num(self.median),
            num(self.min),
            num(self.max),
            self.n
        )
    }
}

/// A number with about three significant digits (more for large numbers).
pub fn num(value: f64) -> String {
    let magnitude = value.abs();
    let decimals = if magnitude >= 100.0 {
        0
    } else if magnitude >= 10.0 {
        1
    } else if magnitude >= 1.0 {
        2
    } else {
        3
    };
    format!("{value:.decimals$}")
}

/// Milliseconds as seconds when large: `1.23 s`, `456 ms`.
pub fn show_ms(summary: &Summary) -> String {
    if summary.median >= 1000.0 {
        let s = Summary {
            median: summary.median / 1e3,
            min: summary.min / 1e3,
            max: summary.max / 1e3,
            n: summary.n,
        };
        s.show("s")
    } else {
        summary.show("ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        let s = Summary::of(&[3.0, 1.0, 2.0]);
        assert_eq!((s.median, s.min, s.max, s.n), (2.0, 1.0, 3.0, 3));
        assert_eq!(Summary::of(&[4.0, 1.0, 2.0, 3.0]).median, 2.5);
    }

    #[test]
    fn numbers_keep_about_three_digits() {
        assert_eq!(num(123.456), "123");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(1.2345), "1.23");
        assert_eq!(num(0.12345), "0.123");
        let s = Summary::of_ms(&[Duration::from_millis(1500), Duration::from_millis(2500)]);
        assert_eq!(show_ms(&s), "2.00 s (min–max 1.50–2.50, n=2)");
    }
}
