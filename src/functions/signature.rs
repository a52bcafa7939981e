//! `X-Twilio-Signature`, as Twilio signs the requests it sends: HMAC-SHA1 of the URL followed
//! by each POST parameter's name and value (sorted by name), keyed with the account's auth
//! token, in base64. A Function that checks it with the `twilio` package's `validateRequest`
//! accepts the request as it would Twilio's.

use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;

/// The signature of a form POST of `parameters` to `url` (the URL Twilio would send to: the
/// deployed one, not the local runtime's).
pub fn sign(auth_token: &str, url: &str, parameters: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = parameters.iter().collect();
    // By name, and a name's values in order too, as twilio-node's `getExpectedTwilioSignature`.
    sorted.sort();
    let mut data = url.to_string();
    for (name, value) in sorted {
        data.push_str(name);
        data.push_str(value);
    }
    let mut mac = Hmac::<Sha1>::new_from_slice(auth_token.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(data.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::sign;

    /// Twilio's worked example from its webhook security page, as twilio-node 4.23's
    /// `getExpectedTwilioSignature` signs it.
    #[test]
    fn twilios_documented_example() {
        let params: Vec<(String, String)> = [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+12349013030"),
            ("Digits", "1234"),
            ("From", "+12349013030"),
            ("To", "+18005551212"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            sign(
                "12345",
                "https://mycompany.com/myapp.php?foo=1&bar=2",
                &params
            ),
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        );
    }
}
