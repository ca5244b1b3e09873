//! The digest of any `Serialize` value: what a memo key is made of, so that the key covers every
//! field of the value a computation reads (a field added later is hashed without anyone having
//! to remember it).
//!
//! A serde `Serializer` that feeds `Digest` instead of writing bytes: no buffer, no escaping,
//! strings hashed eight bytes a step. Every value is tagged with its kind and every string and
//! sequence is length-prefixed or terminated, so two different values of one type cannot give
//! the same stream of words (they can still collide as hashes, which `Digest` says is rare).

use super::Digest;
use serde::ser::{self, Serialize};
use std::hash::Hasher;

/// The digest of `value`, or `None` when its `Serialize` implementation fails (a caller then
/// has no key and computes afresh).
pub fn of_serialized<T: Serialize + ?Sized>(value: &T) -> Option<u64> {
    let mut d = Digest::new();
    value.serialize(Feed(&mut d)).ok()?;
    Some(d.finish())
}

/// A text that travels with its digest, computed once where the text is made (a page's HTML,
/// its menu). Serialized for templates it is the text; digested (`of_serialized`) it is the
/// digest alone, so a memo key does not hash kilobytes that were hashed when they were made.
#[derive(Clone, Copy, Debug)]
pub struct Digested<'a> {
    text: &'a str,
    digest: u64,
}

impl<'a> Digested<'a> {
    /// Pairs `text` with `digest`, which must be `Digest::of(text.as_bytes())`: make both in
    /// one place (`Digested::of`, or beside the code that made the text).
    pub fn new(text: &'a str, digest: u64) -> Digested<'a> {
        Digested { text, digest }
    }
    pub fn of(text: &'a str) -> Digested<'a> {
        Digested { text, digest: Digest::of(text.as_bytes()) }
    }
    pub fn digest(&self) -> u64 {
        self.digest
    }
    pub fn text(&self) -> &'a str {
        self.text
    }
}

impl Serialize for Digested<'_> {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(self.text)
        } else {
            s.serialize_newtype_struct("Digested", &self.digest)
        }
    }
}

/// A value whose digest is made once and stands for it in every key (`of_serialized`), like
/// `Digested` for a text: what every page of a render shares (the site, the theme's strings),
/// which each page's key would otherwise hash again. Serialized for templates it is the value.
pub struct Prehashed<'a, T: Serialize + ?Sized> {
    value: &'a T,
    digest: Option<u64>,
}

impl<'a, T: Serialize + ?Sized> Prehashed<'a, T> {
    pub fn of(value: &'a T) -> Prehashed<'a, T> {
        Prehashed { value, digest: of_serialized(value) }
    }
    pub fn value(&self) -> &'a T {
        self.value
    }
}

/// Reads as the value it stands for.
impl<T: Serialize + ?Sized> std::ops::Deref for Prehashed<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.value
    }
}

impl<T: Serialize + ?Sized> Clone for Prehashed<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Serialize + ?Sized> Copy for Prehashed<'_, T> {}

impl<T: Serialize + ?Sized> Serialize for Prehashed<'_, T> {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            return self.value.serialize(s);
        }
        match self.digest {
            Some(digest) => s.serialize_newtype_struct("Prehashed", &digest),
            // The value could not be digested: neither can anything that holds it.
            None => Err(ser::Error::custom("a shared value has no digest")),
        }
    }
}

/// Why a value could not be digested: its own `Serialize` refused (serde's custom error).
#[derive(Debug)]
pub struct Refused(String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

impl ser::Error for Refused {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Refused(msg.to_string())
    }
}

/// Kinds of values, written before each so that `Some("")` and `""` differ.
mod tag {
    pub const BOOL: u8 = 1;
    pub const INT: u8 = 2;
    pub const FLOAT: u8 = 3;
    pub const CHAR: u8 = 4;
    pub const STR: u8 = 5;
    pub const BYTES: u8 = 6;
    pub const NONE: u8 = 7;
    pub const SOME: u8 = 8;
    pub const UNIT: u8 = 9;
    pub const VARIANT: u8 = 10;
    pub const SEQ: u8 = 11;
    pub const MAP: u8 = 12;
    pub const STRUCT: u8 = 13;
    pub const NEWTYPE: u8 = 14;
    /// Before each element of a sequence, map or struct; `END` after the last.
    pub const ITEM: u8 = 15;
    pub const END: u8 = 16;
    /// An integer outside `i64` (`INT` is one word), and an unsigned one outside `i128`.
    pub const WIDE_INT: u8 = 17;
    pub const WIDE_UINT: u8 = 18;
}

struct Feed<'a>(&'a mut Digest);

impl Feed<'_> {
    fn str(&mut self, s: &str) {
        self.0.write_u8(tag::STR);
        self.0.write_u64(s.len() as u64);
        self.0.write(s.as_bytes());
    }
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        self.0.write_u8(tag::ITEM);
        value.serialize(Feed(self.0))
    }
    fn end(self) -> Result<(), Refused> {
        self.0.write_u8(tag::END);
        Ok(())
    }
}

impl<'a> ser::Serializer for Feed<'a> {
    type Ok = ();
    type Error = Refused;
    type SerializeSeq = Feed<'a>;
    type SerializeTuple = Feed<'a>;
    type SerializeTupleStruct = Feed<'a>;
    type SerializeTupleVariant = Feed<'a>;
    type SerializeMap = Feed<'a>;
    type SerializeStruct = Feed<'a>;
    type SerializeStructVariant = Feed<'a>;

    /// Not human-readable: `Digested` values give their digest instead of their text.
    fn is_human_readable(&self) -> bool {
        false
    }

    fn serialize_bool(self, v: bool) -> Result<(), Refused> {
        self.0.write_u8(tag::BOOL);
        self.0.write_u8(v as u8);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Refused> {
        self.serialize_i64(v as i64)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Refused> {
        self.serialize_i64(v as i64)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Refused> {
        self.serialize_i64(v as i64)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Refused> {
        self.0.write_u8(tag::INT);
        self.0.write_u64(v as u64);
        Ok(())
    }
    /// An integer is its value whatever its type (a JSON number may be read as `u64` or `i64`):
    /// one word when it fits in an `i64`, else sixteen bytes under their own tag.
    fn serialize_i128(self, v: i128) -> Result<(), Refused> {
        if let Ok(v) = i64::try_from(v) {
            return self.serialize_i64(v);
        }
        self.0.write_u8(tag::WIDE_INT);
        self.0.write(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Refused> {
        self.serialize_i128(v as i128)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Refused> {
        self.serialize_i128(v as i128)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Refused> {
        self.serialize_i128(v as i128)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Refused> {
        self.serialize_i128(v as i128)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Refused> {
        if let Ok(v) = i128::try_from(v) {
            return self.serialize_i128(v);
        }
        self.0.write_u8(tag::WIDE_UINT);
        self.0.write(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Refused> {
        self.serialize_f64(v as f64)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Refused> {
        self.0.write_u8(tag::FLOAT);
        self.0.write_u64(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Refused> {
        self.0.write_u8(tag::CHAR);
        self.0.write_u32(v as u32);
        Ok(())
    }
    fn serialize_str(mut self, v: &str) -> Result<(), Refused> {
        self.str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Refused> {
        self.0.write_u8(tag::BYTES);
        self.0.write_u64(v.len() as u64);
        self.0.write(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Refused> {
        self.0.write_u8(tag::NONE);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Refused> {
        self.0.write_u8(tag::SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Refused> {
        self.0.write_u8(tag::UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Refused> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Refused> {
        self.0.write_u8(tag::VARIANT);
        self.str(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Refused> {
        self.0.write_u8(tag::NEWTYPE);
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Refused> {
        self.0.write_u8(tag::VARIANT);
        self.str(variant);
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Feed<'a>, Refused> {
        self.0.write_u8(tag::SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Feed<'a>, Refused> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Feed<'a>, Refused> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Feed<'a>, Refused> {
        self.0.write_u8(tag::VARIANT);
        self.str(variant);
        self.0.write_u8(tag::SEQ);
        Ok(self)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Feed<'a>, Refused> {
        self.0.write_u8(tag::MAP);
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Feed<'a>, Refused> {
        self.0.write_u8(tag::STRUCT);
        Ok(self)
    }
    fn serialize_struct_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Feed<'a>, Refused> {
        self.0.write_u8(tag::VARIANT);
        self.str(variant);
        self.0.write_u8(tag::STRUCT);
        Ok(self)
    }
}

impl ser::SerializeSeq for Feed<'_> {
    type Ok = ();
    type Error = Refused;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        self.item(value)
    }
    fn end(self) -> Result<(), Refused> {
        Feed::end(self)
    }
}

impl ser::SerializeTuple for Feed<'_> {
    type Ok = ();
    type Error = Refused;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        self.item(value)
    }
    fn end(self) -> Result<(), Refused> {
        Feed::end(self)
    }
}

impl ser::SerializeTupleStruct for Feed<'_> {
    type Ok = ();
    type Error = Refused;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        self.item(value)
    }
    fn end(self) -> Result<(), Refused> {
        Feed::end(self)
    }
}

impl ser::SerializeTupleVariant for Feed<'_> {
    type Ok = ();
    type Error = Refused;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        self.item(value)
    }
    fn end(self) -> Result<(), Refused> {
        Feed::end(self)
    }
}

impl ser::SerializeMap for Feed<'_> {
    type Ok = ();
    type Error = Refused;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Refused> {
        self.item(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        value.serialize(Feed(self.0))
    }
    fn end(self) -> Result<(), Refused> {
        Feed::end(self)
    }
}

impl ser::SerializeStruct for Feed<'_> {
    type Ok = ();
    type Error = Refused;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Refused> {
        // The name counts: a field left out (`skip_serializing_if`) must not let the next one
        // pass for it.
        self.0.write_u8(tag::ITEM);
        self.str(key);
        value.serialize(Feed(self.0))
    }
    fn skip_field(&mut self, _key: &'static str) -> Result<(), Refused> {
        Ok(())
    }
    fn end(self) -> Result<(), Refused> {
        Feed::end(self)
    }
}

impl ser::SerializeStructVariant for Feed<'_> {
    type Ok = ();
    type Error = Refused;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Refused> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), Refused> {
        Feed::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    struct Card<'a> {
        title: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<&'a str>,
        tags: Vec<&'a str>,
    }

    #[test]
    fn equal_values_agree_and_any_field_change_differs() {
        let a = Card { title: "Reset", note: None, tags: vec!["a", "b"] };
        let key = of_serialized(&a).unwrap();
        assert_eq!(key, of_serialized(&Card { title: "Reset", note: None, tags: vec!["a", "b"] }).unwrap());
        for other in [
            Card { title: "Reset!", note: None, tags: vec!["a", "b"] },
            Card { title: "Reset", note: Some(""), tags: vec!["a", "b"] },
            Card { title: "Reset", note: None, tags: vec!["ab"] },
            Card { title: "Reset", note: None, tags: vec!["a", "b", ""] },
        ] {
            assert_ne!(key, of_serialized(&other).unwrap());
        }
    }

    #[test]
    fn a_digested_text_is_its_text_for_templates_and_its_digest_for_keys() {
        let d = Digested::of("<p>Hello</p>");
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"<p>Hello</p>\"");
        assert_eq!(of_serialized(&d), of_serialized(&Digested::of("<p>Hello</p>")));
        assert_ne!(of_serialized(&d), of_serialized(&Digested::of("<p>Hello!</p>")));
    }

    #[test]
    fn a_prehashed_value_is_the_value_for_templates_and_its_digest_for_keys() {
        let a = Card { title: "Reset", note: None, tags: vec!["a"] };
        let b = Card { title: "Reset", note: None, tags: vec!["b"] };
        assert_eq!(serde_json::to_string(&Prehashed::of(&a)).unwrap(), serde_json::to_string(&a).unwrap());
        let key = |card: &Card| of_serialized(&(1u8, Prehashed::of(card)));
        assert_eq!(key(&a), key(&Card { title: "Reset", note: None, tags: vec!["a"] }));
        assert_ne!(key(&a), key(&b));
    }

    #[test]
    fn kinds_are_told_apart() {
        assert_ne!(of_serialized(&Some("")), of_serialized(&""));
        assert_ne!(of_serialized(&(1u8, "x")), of_serialized(&("x", 1u8)));
        assert_ne!(of_serialized(&vec![vec![1], vec![]]), of_serialized(&vec![vec![], vec![1]]));
    }

    #[test]
    fn an_integer_is_its_value_whatever_its_type() {
        assert_eq!(of_serialized(&5u8), of_serialized(&5i64));
        assert_eq!(of_serialized(&5u64), of_serialized(&5i128));
        assert_eq!(of_serialized(&u64::MAX), of_serialized(&(u64::MAX as i128)));
        assert_eq!(of_serialized(&u128::MAX), of_serialized(&u128::MAX));
        let values = [0i128, 1, -1, i64::MAX as i128, i64::MIN as i128, u64::MAX as i128, i128::MAX, i128::MIN];
        for (k, a) in values.iter().enumerate() {
            for b in &values[k + 1..] {
                assert_ne!(of_serialized(a), of_serialized(b), "{a} {b}");
            }
            assert_ne!(of_serialized(a), of_serialized(&u128::MAX), "{a}");
        }
    }
}
