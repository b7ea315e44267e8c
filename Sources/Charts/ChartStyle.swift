/// The stylesheet for everything this module draws, for the renderer to inline in each page.
///
/// Charts carry no colours of their own: a series class (`s0`…`s9`) sets the custom property
/// `--c`, and the shapes (`.line`, `.dot`, `.pt`, `.bar`, legend `.swatch`) paint with it. Light
/// colours come from Tableau 10; the dark scheme swaps in lighter tints of the same hues, so
/// switching schemes needs no change to the markup. Named `ChartStyle` rather than `Charts`
/// because a type named like its module breaks module-qualified names (`Charts.LineChart`).
public enum ChartStyle {
    public static let css: String = """
        :root{--chart-c0:#4e79a7;--chart-c1:#f28e2b;--chart-c2:#e15759;--chart-c3:#76b7b2;--chart-c4:#59a14f;\
        --chart-c5:#b8860b;--chart-c6:#b07aa1;--chart-c7:#d9738a;--chart-c8:#9c755f;--chart-c9:#7f7f7f;\
        --chart-fg:#1f2328;--chart-muted:#59636e;--chart-grid:#e3e6ea;--chart-axis:#8c959f;--chart-bg:#ffffff;\
        --chart-error:#d1242f;--chart-marker:#8250df}
        @media (prefers-color-scheme: dark){:root{--chart-c0:#7aa7d6;--chart-c1:#ffa94d;--chart-c2:#ff7b7e;\
        --chart-c3:#8fd3cd;--chart-c4:#7cc76f;--chart-c5:#f2d45c;--chart-c6:#d4a3c8;--chart-c7:#ffb3c0;\
        --chart-c8:#c9a083;--chart-c9:#b3b3b3;--chart-fg:#e6edf3;--chart-muted:#9da7b3;--chart-grid:#30363d;\
        --chart-axis:#6e7681;--chart-bg:#0d1117;--chart-error:#ff6b6b;--chart-marker:#c297ff}}
        .s0{--c:var(--chart-c0)}.s1{--c:var(--chart-c1)}.s2{--c:var(--chart-c2)}.s3{--c:var(--chart-c3)}\
        .s4{--c:var(--chart-c4)}.s5{--c:var(--chart-c5)}.s6{--c:var(--chart-c6)}.s7{--c:var(--chart-c7)}\
        .s8{--c:var(--chart-c8)}.s9{--c:var(--chart-c9)}.error{--c:var(--chart-error)}
        .chart{margin:1rem 0}
        .chart figcaption{font-weight:600;margin-bottom:.25rem}
        .chart-svg{display:block;width:100%;height:auto;font:11px system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--chart-fg)}
        .chart-svg text{fill:var(--chart-muted)}
        .chart-svg .axis-title{fill:var(--chart-fg)}
        .chart-svg .plot,.chart-svg .frame{fill:none;stroke:none}
        .chart-svg .frame{stroke:var(--chart-grid)}
        .chart-svg .grid line{stroke:var(--chart-grid);stroke-width:1}
        .chart-svg .grid.x line{stroke-dasharray:2 3}
        .chart-svg .axis line{stroke:var(--chart-axis);stroke-width:1}
        .chart-svg .nodata{fill:var(--chart-muted);font-size:14px}
        .chart-svg .line{fill:none;stroke:var(--c,var(--chart-c0));stroke-width:1.75;stroke-linejoin:round;stroke-linecap:round}
        .chart-svg .dot{fill:var(--c,var(--chart-c0))}
        .chart-svg .pt{fill:var(--c,var(--chart-c0));fill-opacity:0;stroke:none}
        .chart-svg .pt:hover{fill-opacity:1}
        .chart-svg .mark{fill:var(--c,var(--chart-c0));fill-opacity:.7;stroke:var(--chart-bg);stroke-width:.5}
        .chart-svg .mark.error{fill:var(--chart-error);fill-opacity:.9}
        .chart-svg a .mark:hover{fill-opacity:1;stroke:var(--chart-fg)}
        .chart-svg .bar{fill:var(--c,var(--chart-c0))}
        .chart-svg.overlaid .bar{fill-opacity:.5}
        .chart-svg .strip-base{stroke:var(--chart-axis);stroke-width:1}
        .chart-svg .marker line{stroke:var(--chart-marker);stroke-width:1;stroke-dasharray:4 3}
        .chart-svg .marker text{fill:var(--chart-marker)}
        .chart-legend{list-style:none;margin:.25rem 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.875rem}
        .chart-legend li{display:flex;align-items:center;gap:.375rem}
        .chart-legend .swatch{display:inline-block;width:.875rem;height:.25rem;border-radius:1px;background:var(--c,var(--chart-c0))}
        .chart-data summary{cursor:pointer;font-size:.875rem}
        .chart-data .table-scroll{overflow-x:auto;max-height:24rem;overflow-y:auto}
        .chart-data table{border-collapse:collapse;font-size:.8125rem}
        .chart-data th,.chart-data td{padding:.125rem .5rem;text-align:left;border-bottom:1px solid var(--chart-grid)}
        .chart-data .num{text-align:right;font-variant-numeric:tabular-nums}
        @media print{.chart-svg .pt{display:none}.chart{break-inside:avoid}}

        """
}
