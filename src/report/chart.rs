//! One chart as inline SVG, drawn by `plotters`' SVG backend: axes with units, a line per series
//! (or stacked areas), and a `<title>`/`<desc>` for screen readers. Text sizes are estimated
//! (no font backend): the browser draws the text with the page's font.

use plotters::prelude::*;

use super::model::{Chart, ChartKind};

/// Points drawn per series at most: wider series are drawn at a coarser step (the highest value
/// of each step, so a peak is never hidden), which the chart's description says.
const MAX_POINTS: usize = 240;

pub const WIDTH: u32 = 720;
pub const HEIGHT: u32 = 260;

/// Series colours: distinct in light and dark, and for the common colour blindnesses (Okabe-Ito).
pub const COLOURS: [(u8, u8, u8); 8] = [
    (0, 114, 178),
    (213, 94, 0),
    (0, 158, 115),
    (204, 121, 167),
    (230, 159, 0),
    (86, 180, 233),
    (240, 228, 66),
    (120, 120, 120),
];

pub fn colour(index: usize) -> RGBColor {
    let (r, g, b) = COLOURS[index % COLOURS.len()];
    RGBColor(r, g, b)
}

pub fn hex(index: usize) -> String {
    let (r, g, b) = COLOURS[index % COLOURS.len()];
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The chart's SVG, labelled by its title and description; `label(i)` names the start of
/// period `i` on the time axis.
pub fn svg(chart: &Chart, x_name: &str, label: &dyn Fn(usize) -> String) -> String {
    let periods = chart.periods();
    let step = periods.div_ceil(MAX_POINTS).max(1);
    let drawn: Vec<Vec<Option<f64>>> = chart
        .series
        .iter()
        .map(|s| coarser(&s.values, step))
        .collect();
    let drawn = match chart.kind {
        ChartKind::Stacked => stacked(&drawn),
        ChartKind::Lines => drawn,
    };
    let top = drawn
        .iter()
        .flatten()
        .flatten()
        .copied()
        .fold(0.0f64, f64::max);
    let y_max = if top <= 0.0 { 1.0 } else { top * 1.1 };
    let points = drawn.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let mut text = String::new();
    let drew = draw(
        &mut text,
        chart,
        &drawn,
        (points, y_max),
        step,
        x_name,
        label,
    );
    if let Err(err) = drew {
        // plotters fails only on a drawing error of its own; the page says so in place.
        return format!(
            "<p class=\"note\">chart not drawn: {}</p>",
            escape(&err.to_string())
        );
    }
    labelled(&text, chart, step)
}

fn draw(
    text: &mut String,
    chart: &Chart,
    drawn: &[Vec<Option<f64>>],
    (points, y_max): (usize, f64),
    step: usize,
    x_name: &str,
    label: &dyn Fn(usize) -> String,
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(text, (WIDTH, HEIGHT)).into_drawing_area();
    let x_end = (points.max(2) - 1) as f64;
    let mut plot = ChartBuilder::on(&root)
        .margin(8)
        .x_label_area_size(42)
        .y_label_area_size(64)
        .build_cartesian_2d(0f64..x_end, 0f64..y_max)?;
    let x_labels = |x: &f64| label((x.round() as usize) * step);
    let y_labels = |y: &f64| crate::top::view::number(*y);
    plot.configure_mesh()
        // No more labels than points: a 3-second run would read "0 0 1 1 2 2".
        .x_labels(points.clamp(2, 6))
        .y_labels(5)
        .x_label_formatter(&x_labels)
        .y_label_formatter(&y_labels)
        .x_desc(x_name)
        .y_desc(chart.unit.as_str())
        // Light lines between the labelled ones only clutter (and weigh: a line each).
        .max_light_lines(0)
        .bold_line_style(RGBColor(128, 128, 128).mix(0.3))
        .label_style(("sans-serif", 12))
        .axis_desc_style(("sans-serif", 13))
        .draw()?;
    match chart.kind {
        ChartKind::Stacked => {
            // The highest stack first: each lower one is drawn over it.
            for (index, values) in drawn.iter().enumerate().rev() {
                let area = values
                    .iter()
                    .enumerate()
                    .map(|(x, v)| (x as f64, v.unwrap_or(0.0)));
                plot.draw_series(AreaSeries::new(area, 0.0, colour(index).filled()))?;
            }
        }
        ChartKind::Lines => {
            for (index, values) in drawn.iter().enumerate() {
                for run in runs(values) {
                    plot.draw_series(LineSeries::new(run, colour(index).stroke_width(2)))?;
                }
            }
        }
    }
    root.present()?;
    Ok(())
}

/// The runs of consecutive datapoints (a gap is no line, not a fall to zero); a lone point is a
/// run of one.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut runs = Vec::new();
    let mut run = Vec::new();
    for (x, value) in values.iter().enumerate() {
        match value {
            Some(v) => run.push((x as f64, *v)),
            None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    // A lone datapoint still shows: as a short flat line.
    for run in &mut runs {
        if run.len() == 1 {
            let (x, y) = run[0];
            run.push((x + 0.3, y));
        }
    }
    runs
}

/// Every `step` values as their highest (none where all are none).
fn coarser(values: &[Option<f64>], step: usize) -> Vec<Option<f64>> {
    if step <= 1 {
        return values.to_vec();
    }
    values
        .chunks(step)
        .map(|chunk| chunk.iter().flatten().copied().reduce(f64::max))
        .collect()
}

/// Running sums: series `i` is drawn at the sum of series `0..=i`.
fn stacked(series: &[Vec<Option<f64>>]) -> Vec<Vec<Option<f64>>> {
    let mut sums: Vec<f64> = Vec::new();
    series
        .iter()
        .map(|values| {
            sums.resize(values.len().max(sums.len()), 0.0);
            values
                .iter()
                .zip(sums.iter_mut())
                .map(|(v, sum)| {
                    *sum += v.unwrap_or(0.0);
                    Some(*sum)
                })
                .collect()
        })
        .collect()
}

/// The SVG with `role="img"`, a `<title>` and a `<desc>` naming what it shows.
fn labelled(svg: &str, chart: &Chart, step: usize) -> String {
    let Some(open_end) = svg
        .find("<svg")
        .and_then(|at| svg[at..].find('>').map(|end| at + end))
    else {
        return svg.to_string();
    };
    let id = &chart.id;
    let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    let mut desc = format!(
        "{} of {} over time, in {}",
        match chart.kind {
            ChartKind::Stacked => "Stacked areas",
            ChartKind::Lines => "Lines",
        },
        names.join(", "),
        chart.unit
    );
    if step > 1 {
        desc.push_str(&format!(
            "; drawn at {step} periods a point, the highest of each"
        ));
    }
    if let Some(note) = &chart.note {
        desc.push_str("; ");
        desc.push_str(note);
    }
    format!(
        "{} role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
        &svg[..open_end],
        escape(&chart.title),
        escape(&desc),
        &svg[open_end + 1..]
    )
}

/// Text for XML: the five characters that could end it.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::ChartSeries;

    fn chart(kind: ChartKind, values: Vec<Vec<Option<f64>>>) -> Chart {
        Chart {
            id: "c".into(),
            title: "</title><script>alert(1)</script>".into(),
            unit: "count per period".into(),
            kind,
            series: values
                .into_iter()
                .enumerate()
                .map(|(i, values)| ChartSeries {
                    name: format!("s{i}"),
                    values,
                })
                .collect(),
            note: None,
        }
    }

    #[test]
    fn a_chart_is_labelled_svg_with_escaped_text() {
        let svg = svg(
            &chart(ChartKind::Lines, vec![vec![Some(1.0), None, Some(3.0)]]),
            "time (UTC)",
            &|i| format!("t{i}"),
        );
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("role=\"img\""));
        assert!(
            svg.contains("<title id=\"c-title\">&lt;/title&gt;&lt;script&gt;"),
            "{svg}"
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("time (UTC)") && svg.contains("count per period"));
        // Two runs around the gap: two polylines.
        assert_eq!(svg.matches("stroke=\"#0072B2\"").count(), 2, "{svg}");
    }

    #[test]
    fn stacks_add_up_and_wide_series_keep_their_peaks() {
        assert_eq!(
            stacked(&[vec![Some(1.0), None], vec![Some(2.0), Some(5.0)]]),
            vec![vec![Some(1.0), Some(0.0)], vec![Some(3.0), Some(5.0)]]
        );
        assert_eq!(
            coarser(&[Some(1.0), Some(9.0), None, None, Some(2.0)], 2),
            vec![Some(9.0), None, Some(2.0)]
        );
    }

    #[test]
    fn a_day_of_minutes_is_drawn_in_at_most_240_points() {
        let day: Vec<Option<f64>> = (0..1440).map(|i| Some(f64::from(i % 7))).collect();
        let svg = svg(&chart(ChartKind::Lines, vec![day]), "time", &|i| {
            i.to_string()
        });
        assert!(svg.contains("6 periods a point"), "{svg}");
        assert!(svg.len() < 40_000, "{}", svg.len());
    }
}
