import OTelReportCLI

/// The executable is only this: all behaviour lives in `OTelReportCLI`, where tests reach it.
@main
enum EntryPoint {
    static func main() {
        OTelReportCommand.prepareProcess()
        OTelReportCommand.main()
    }
}
