import Testing

@Suite struct WellFormednessTests {
    @Test func theCheckerRejectsBrokenMarkup() {
        #expect(WellFormedness.check(markup: "<a><b/></a>") == nil)
        #expect(WellFormedness.check(markup: "<a x=\"1&amp;2\">t &lt; u</a>") == nil)
        #expect(WellFormedness.check(markup: "<a><b></a></b>") != nil)
        #expect(WellFormedness.check(markup: "<a x=1></a>") != nil)
        #expect(WellFormedness.check(markup: "<a>&nbsp;</a>") != nil)
        #expect(WellFormedness.check(markup: "<a x=\"1\" x=\"2\"></a>") != nil)
        #expect(WellFormedness.check(markup: "<a></a><b></b>") != nil)
        #expect(WellFormedness.check(markup: "<a>") != nil)
    }
}
