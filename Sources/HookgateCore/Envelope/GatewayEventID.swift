/// The envelope id: derived, not random, so a provider's retry of the same event gets the
/// same id (and the same `webhook-id` downstream) without any lookup.
public enum GatewayEventID {
  public static func make(tenant: String, source: String, providerEventID: String) -> String {
    // NUL separators: no tenant/source/id split can collide with another.
    var material = Array(tenant.utf8)
    material.append(0)
    material.append(contentsOf: source.utf8)
    material.append(0)
    material.append(contentsOf: providerEventID.utf8)
    return "evt_" + ByteEncoding.hex(Array(Crypto.sha256(material).prefix(16)))
  }
}
