import IdentityDomain
import Testing

/// ID-11: the server-side allow-list sanitiser of notice bodies (`NoticeHTML`).
@Suite("ID-11: notice HTML sanitiser")
struct NoticeHTMLTests {
    @Test("ID-11: what the notice editor produces is kept as it is", arguments: [
        "<p>关于开展<strong>2026年</strong>施工员培训的通知</p>",
        "<h2>一、培训对象</h2><p>各培训机构<em>学员</em><br>及<u>企业</u><s>旧</s>人员。</p>",
        "<ul><li>施工员</li><li>质量员</li></ul><ol start=\"3\"><li>安全员</li></ol>",
        "<blockquote><p>引文</p></blockquote><h3>二</h3><h4>三</h4><p><b>粗</b><i>斜</i><span>普通</span></p>",
        "<table><thead><tr><th colspan=\"2\">岗位</th></tr></thead><tbody><tr><td rowspan=\"2\">施工员</td><td>64</td></tr></tbody></table>",
        "<p><a href=\"https://zjt.ah.gov.cn/notice?id=1&amp;x=2\" rel=\"noopener noreferrer\" target=\"_blank\">通知原文</a></p>",
        "<p><a href=\"mailto:px@ah.gov.cn\" rel=\"noopener noreferrer\">邮件</a></p>",
        "<p><img src=\"/api/v1/files/123\" alt=\"附件图\"></p><p><img src=\"https://zjt.ah.gov.cn/logo.png\" width=\"120\" height=\"40\"></p>",
        "<div>第一行</div><div>第二行<br></div><hr><pre><code>a &lt; b</code></pre><p>H<sub>2</sub>O x<sup>2</sup></p>",
        "<p>1 &lt; 2 &amp;&amp; 3 &gt; 2 \u{A0}“引号”</p>",
    ])
    func keepsEditorOutput(html: String) {
        #expect(NoticeHTML.sanitise(html) == html)
    }

    @Test("ID-11: classic XSS vectors come out inert", arguments: [
        ("<img src=x onerror=alert(1)>", ""),
        ("<IMG SRC=\"javascript:alert('XSS');\">", ""),
        ("<img src=\"/api/v1/files/5\" onerror=\"alert(1)\">", "<img src=\"/api/v1/files/5\">"),
        ("<a href=\"jav&#x61;script:alert(1)\">x</a>", "x"),
        ("<a href=\"jav&#97;script:alert(1)\">x</a>", "x"),
        ("<a href=\"&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)\">x</a>", "x"),
        ("<a href=\"java\tscript:alert(1)\">x</a>", "x"),
        ("<a href=\"java&#x09;script:alert(1)\">x</a>", "x"),
        ("<a href=\"java&Tab;script:alert(1)\">x</a>", "x"),
        ("<a href=\" JaVaScRiPt:alert(1)\">x</a>", "x"),
        ("<a href=\"javascript&colon;alert(1)\">x</a>", "x"),
        ("<a href=\"vbscript:msgbox(1)\">x</a>", "x"),
        ("<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>", "x"),
        ("<a href=javascript:alert(1)>x</a>", "x"),
        ("<a href=\"//evil.example/\">x</a>", "x"),
        ("<a href=\"/relative\">x</a>", "x"),
        ("<a href=\"https://ok.cn\" onclick=\"alert(1)\" style=\"color:red\">x</a>",
         "<a href=\"https://ok.cn\" rel=\"noopener noreferrer\" target=\"_blank\">x</a>"),
        ("<svg onload=alert(1)>", ""),
        ("<svg/onload=alert(1)><p>后文</p>", ""),
        ("<svg><script>alert(1)</script></svg><p>后文</p>", "<p>后文</p>"),
        ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", ""),
        ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"),
        ("<<script>script>alert(1)<</script>/script>", "&lt;/script&gt;"),
        ("<script>alert(1)</script>正文", "正文"),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>正文", "正文"),
        ("<script>document.write('</scr' + 'ipt>')</script>后", "后"),
        ("<style>p{background:url(javascript:alert(1))}</style><p>正文</p>", "<p>正文</p>"),
        ("<p style=\"background:url(javascript:alert(1))\">正文</p>", "<p>正文</p>"),
        ("<iframe src=\"https://evil.example\"></iframe>正文", "正文"),
        ("<iframe srcdoc=\"<script>alert(1)</script>\">", ""),
        ("<object data=\"x.swf\"><param name=a value=b>回退</object>后", "后"),
        ("<embed src=\"x.swf\">后", "后"),
        ("<!--<img src=x onerror=alert(1)>-->正文", "正文"),
        ("<!--[if IE]><script>alert(1)</script><![endif]-->正文", "正文"),
        ("<!-->正文", "正文"),
        ("<![CDATA[<img src=x onerror=alert(1)>]]>", "]]&gt;"),
        ("<!DOCTYPE html><p>正文</p>", "<p>正文</p>"),
        ("<?xml version=\"1.0\"?><p>正文</p>", "<p>正文</p>"),
        ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "\"&gt;"),
        ("<textarea><img src=x onerror=alert(1)></textarea>", ""),
        ("<title><img src=x onerror=alert(1)></title>", ""),
        ("<form action=\"https://evil.example\"><input name=p><button formaction=javascript:alert(1)>提交</button></form>", "提交"),
        ("<div onmouseover=\"alert(1)\">悬停</div>", "<div>悬停</div>"),
        ("<P ONCLICK=alert(1)>大写</P>", "<p>大写</p>"),
        ("<img \"\"\"><script>alert(1)</script>\">", "\"&gt;"),
        ("<img src=\"https://ok.cn/a.png\"onerror=alert(1)>", "<img src=\"https://ok.cn/a.png\">"),
        ("<img src=\"http://plain.example/a.png\">", ""),
        ("<img src=\"/api/v1/files/1?x=<script>\">", ""),
        ("<img src=\"/api/v1/files/../sessions\">", ""),
        ("<a href=\"https://ok.cn/\" title=\"\" onmouseover=\"alert(1)//\">x</a>",
         "<a href=\"https://ok.cn/\" title=\"\" rel=\"noopener noreferrer\" target=\"_blank\">x</a>"),
        ("<a href=\"https://ok.cn/?q=\"><script>alert(1)</script>\">x</a>",
         "<a href=\"https://ok.cn/?q=\" rel=\"noopener noreferrer\" target=\"_blank\">\"&gt;x</a>"),
        ("<td colspan=\"2 onclick=alert(1)\">x</td>", "<td>x</td>"),
        ("<plaintext><img src=x onerror=alert(1)>", ""),
        ("<base href=\"https://evil.example/\"><meta http-equiv=refresh content=0;url=javascript:alert(1)><link rel=stylesheet href=x>正文", "正文"),
        ("<p>a\u{0}b\u{1B}c</p>", "<p>abc</p>"),
    ])
    func xssVectors(input: String, expected: String) {
        let output = NoticeHTML.sanitise(input)
        #expect(output == expected)
        let lower = output.lowercased()
        for forbidden in ["<script", "javascript:", "onerror", "onload", "onclick", "<svg", "<iframe", "style="] {
            #expect(!lower.contains(forbidden), "\(forbidden) in \(output)")
        }
    }

    @Test("ID-11: unclosed and misnested tags are closed", arguments: [
        ("<p><strong>粗体", "<p><strong>粗体</strong></p>"),
        ("<b><i>x</b></i>y", "<b><i>x</i></b>y"),
        ("<p>一<p>二", "<p>一</p><p>二</p>"),
        ("<ul><li>一<li>二</ul>", "<ul><li>一</li><li>二</li></ul>"),
        ("<ul><li>一<ul><li>内</ul><li>二</ul>", "<ul><li>一<ul><li>内</li></ul></li><li>二</li></ul>"),
        ("<table><tr><td>1<td>2<tr><td>3</table>", "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>"),
        ("<p>段落<ul><li>项</li></ul>", "<p>段落</p><ul><li>项</li></ul>"),
        ("<h2>一<h3>二", "<h2>一</h2><h3>二</h3>"),
        ("<a href=\"https://a.cn\">一<a href=\"https://b.cn\">二</a>",
         "<a href=\"https://a.cn\" rel=\"noopener noreferrer\" target=\"_blank\">一</a><a href=\"https://b.cn\" rel=\"noopener noreferrer\" target=\"_blank\">二</a>"),
        ("</p>正文</div></li>", "正文"),
        ("<p>正文</p", "<p>正文</p>"),
        ("<p>正文<a href=\"https://a.cn", "<p>正文</p>"),
        ("正文<", "正文&lt;"),
        ("正文</", "正文&lt;/"),
        ("1 < 2 and 3 <> 4 </> 5 </3 6>", "1 &lt; 2 and 3 &lt;&gt; 4  5 "),
    ])
    func closesTags(input: String, expected: String) {
        #expect(NoticeHTML.sanitise(input) == expected)
    }

    @Test("ID-11: text is escaped and references decoded once", arguments: [
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("&amp;lt;", "&amp;lt;"),
        ("&copy; 2026 &hellip; &#20013;&#x6587; &unknown; & x", "© 2026 … 中文 &amp;unknown; &amp; x"),
        ("&#0; &#xD800; &#x110000;", "\u{FFFD} \u{FFFD} \u{FFFD}"),
        ("<p title=\"a\">\"引号\" 'single'</p>", "<p>\"引号\" 'single'</p>"),
        ("<img src=\"/api/v1/files/9\" alt=\"&quot;&gt;<script>\">", "<img src=\"/api/v1/files/9\" alt=\"&quot;&gt;&lt;script&gt;\">"),
    ])
    func escaping(input: String, expected: String) {
        #expect(NoticeHTML.sanitise(input) == expected)
    }

    @Test("ID-11: attributes without quotes, in single quotes, repeated, in any case")
    func attributeForms() {
        #expect(NoticeHTML.sanitise("<a HREF=https://ok.cn/a TITLE=说明>x</a>")
            == "<a href=\"https://ok.cn/a\" title=\"说明\" rel=\"noopener noreferrer\" target=\"_blank\">x</a>")
        #expect(NoticeHTML.sanitise("<a href='https://ok.cn' href=\"javascript:alert(1)\">x</a>")
            == "<a href=\"https://ok.cn\" rel=\"noopener noreferrer\" target=\"_blank\">x</a>")
        #expect(NoticeHTML.sanitise("<a href=\"javascript:alert(1)\" href='https://ok.cn'>x</a>") == "x")  // the first wins, as in browsers
        #expect(NoticeHTML.sanitise("<img src = \"/api/v1/files/7\" width=0 height=99999>") == "<img src=\"/api/v1/files/7\">")
        #expect(NoticeHTML.sanitise("<a href=\"HTTPS://OK.CN\" rel=\"opener\" target=\"_self\">x</a>")
            == "<a href=\"HTTPS://OK.CN\" rel=\"noopener noreferrer\" target=\"_blank\">x</a>")
    }

    @Test("ID-11: sanitising twice changes nothing", arguments: [
        "<p onclick=x>a<b>b<i>c</p>", "<a href=\"https://a.cn?x=1&y=2\">&amp;</a>", "<table><tr><td>x", "&nbsp;&copy;<br/>",
        "<img src=/api/v1/files/1 alt=\"a&quot;b\">", "<svg><p>x</p></svg>y", "<ul><li><p>a<li>b",
    ])
    func idempotent(input: String) {
        let once = NoticeHTML.sanitise(input)
        #expect(NoticeHTML.sanitise(once) == once)
    }

    @Test("ID-11: very deep nesting stops opening elements; a large body stays bounded")
    func bounded() {
        let deep = String(repeating: "<span>", count: 5_000) + "正文"
        let output = NoticeHTML.sanitise(deep)
        #expect(output.ranges(of: "<span>").count == 100)
        #expect(output.hasSuffix("正文" + String(repeating: "</span>", count: 100)))
        let comments = String(repeating: "<!-- x -->", count: 20_000) + "<p>正文</p>"
        #expect(NoticeHTML.sanitise(comments) == "<p>正文</p>")
    }
}
