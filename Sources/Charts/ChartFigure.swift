import Markup
import Vocabulary

/// The HTML around every chart: a `<figure class="chart">` whose `<figcaption>` is the title,
/// then the picture, legend and data table the caller gives. One builder, so every chart type
/// (and a page that recolours a line chart's legend) keeps the same structure for the
/// stylesheet and for screen readers, which announce the caption as the figure's name.
public enum ChartFigure {
    public static func figure(title: String, _ parts: Node...) -> Node {
        .el("figure", ["class": "chart"], children: [.el("figcaption", .text(title))] + parts)
    }
}
