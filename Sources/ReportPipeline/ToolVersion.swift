/// The version printed by `--version` and in every report's footer.
public enum ToolVersion {
    public static let current = "0.1.0"
}
