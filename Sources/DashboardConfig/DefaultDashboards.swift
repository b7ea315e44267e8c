/// The built-in dashboards as a dashboard file, compiled into the binary.
///
/// SwiftPM embeds `dashboards/default.yaml` (symlinked into this target, declared
/// `.embedInCode` in Package.swift) as bytes, so an installed binary needs no file beside it and
/// the editable file is the only copy.
enum DefaultDashboards {
    static let yaml = String(decoding: PackageResources.default_yaml, as: UTF8.self)
}
