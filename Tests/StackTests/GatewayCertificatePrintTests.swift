import Foundation
import Testing

/// CE-6 and CE-4's export through the gateway: the issuer's layout, the PDF e-certificate, the
/// print count with 补N, and the library as CSV.
extension GatewayCertificatesTests {
    @Test("CE-6: layout checked whole, a PDF from it, print counted (补N) and set back by hand, CSV export masked")
    func printing() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let province = try await http.login("sheng_admin")
            let planID = try await stack.scoredPlan(passed: 2, post: "018")
            #expect(try await http.send(.post, "/api/v1/test-plans/\(planID)/certificates", token: province)["issued"] as? Int == 2)
            let listed = try await http.send(.get, "/api/v1/certificates?testPlanId=\(planID)", token: province)
            let certificate = try #require((listed["certificates"] as? [[String: Any]])?.first)
            let id = try #require(certificate["id"] as? Int)

            var layout = try await http.send(.get, "/api/v1/certificate-print-layout", token: province)
            var elements = layout["elements"] as? [[String: Any]] ?? []
            #expect(layout["pageWidthMm"] as? Double == 297 && elements.contains { $0["field"] as? String == "qr" })
            if let qr = elements.firstIndex(where: { $0["field"] as? String == "qr" }) { elements[qr]["yMm"] = 190.0 }
            var body: [String: Any] = ["pageWidthMm": 297, "pageHeightMm": 210, "title": "岗位证书", "elements": elements]
            var reply = try await http.send(.put, "/api/v1/certificate-print-layout", token: province, json: body)
            #expect(reply.status == 400 && reply.message == "“二维码”超出了纸张范围", "\(reply.json)")
            if let qr = elements.firstIndex(where: { $0["field"] as? String == "qr" }) { elements[qr]["yMm"] = 100.0 }
            body["elements"] = elements
            reply = try await http.send(.put, "/api/v1/certificate-print-layout", token: province, json: body)
            #expect(reply.status == 200 && reply["title"] as? String == "岗位证书" && reply["isDefault"] as? Bool != true, "\(reply.json)")
            let institution = try await http.login("hfjx_admin")
            #expect(try await http.send(.put, "/api/v1/certificate-print-layout", token: institution, json: body).status == 403)

            let pdf = try await http.send(.get, "/api/v1/certificates/\(id)/certificate.pdf", token: province)
            #expect(pdf.status == 200 && pdf.headers[.contentType] == "application/pdf")
            #expect(pdf.data.prefix(5) == Data("%PDF-".utf8) && (10_000..<2_000_000).contains(pdf.data.count), "\(pdf.data.count) bytes")
            #expect(pdf.headers[.contentDisposition]?.contains("filename*=UTF-8''") == true)

            reply = try await http.send(.post, "/api/v1/certificates/\(id)/print", token: province, json: ["printed": true])
            #expect(reply["printCount"] as? Int == 1 && (reply["printedAtUnix"] as? Int ?? 0) > 0, "\(reply.json)")
            reply = try await http.send(.post, "/api/v1/certificates/\(id)/print", token: province, json: ["printed": true])
            let events = reply["events"] as? [[String: Any]] ?? []
            #expect(reply["printCount"] as? Int == 2 && events.last?["action"] as? String == "print" && events.last?["reason"] as? String == "补1")
            reply = try await http.send(.post, "/api/v1/certificates/\(id)/print", token: province, json: ["printed": false])
            #expect(reply["printCount"] as? Int == 2 && reply["printedAtUnix"] as? Int == nil || reply["printedAtUnix"] as? Int == 0)
            let city = try await http.login("hefei_admin")
            #expect(try await http.send(.post, "/api/v1/certificates/\(id)/print", token: city, json: ["printed": true]).status == 404,
                    "only the issuer (or above) prints")
            #expect(try await http.send(.get, "/api/v1/certificates/\(id)/certificate.pdf", token: city).status == 200,
                    "the institution's city sees it and may download it")
            let luan = try await http.login("luan_admin")
            #expect(try await http.send(.get, "/api/v1/certificates/\(id)/certificate.pdf", token: luan).status == 404,
                    "another city's subtree does not see it")

            let csv = try await http.send(.get, "/api/v1/certificates.csv?testPlanId=\(planID)", token: province)
            let text = String(decoding: csv.data, as: UTF8.self)
            let idNumber = try await stack.certificateOf(testPlanID: planID, name: "考生1").1
            #expect(csv.status == 200 && text.hasPrefix("\u{FEFF}证书编号,") && text.contains(certificate["number"] as? String ?? "?"))
            #expect(!text.contains(idNumber) && text.contains(String(idNumber.suffix(4))) && text.split(separator: "\r\n").count == 3)
        }
    }
}
