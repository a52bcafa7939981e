//! Studio's lax variable lookup: a variable or key that does not exist is nil (renders as
//! empty) instead of an error.

use liquid_core::model::{KString, KStringCow, KStringRef, ScalarCow, Value, ValueCow, ValueView};
use liquid_core::runtime::{PartialStore, Registers, Runtime};
use liquid_core::Result;

use super::studio::markup;

/// Wraps the crate's runtime and answers nil where it would fail on a missing name or index.
pub struct LaxRuntime<R> {
    inner: R,
}

impl<R: Runtime> LaxRuntime<R> {
    pub fn new(inner: R) -> Self {
        LaxRuntime { inner }
    }
}

impl<R: Runtime> Runtime for LaxRuntime<R> {
    fn partials(&self) -> &dyn PartialStore {
        self.inner.partials()
    }

    fn name(&self) -> Option<KStringRef<'_>> {
        self.inner.name()
    }

    fn roots(&self) -> std::collections::BTreeSet<KStringCow<'_>> {
        self.inner.roots()
    }

    fn try_get(&self, path: &[ScalarCow<'_>]) -> Option<ValueCow<'_>> {
        if let Some(found) = self.inner.try_get(path) {
            return Some(found);
        }
        let first = path.first()?.to_kstr();
        if first.as_str() == markup::ROOT && path.len() > 1 {
            return self.try_get(&path[1..]);
        }
        // A name the template spelled with a prefix (it begins with a keyword) is data's name
        // without it.
        let name = markup::unprefixed(first.as_str())?;
        let mut unprefixed = path.to_vec();
        unprefixed[0] = ScalarCow::new(KString::from_ref(name));
        self.inner.try_get(&unprefixed)
    }

    fn get(&self, path: &[ScalarCow<'_>]) -> Result<ValueCow<'_>> {
        Ok(self.try_get(path).unwrap_or(ValueCow::Owned(Value::Nil)))
    }

    fn set_global(&self, name: KString, val: Value) -> Option<Value> {
        self.inner.set_global(name, val)
    }

    fn set_index(&self, name: KString, val: Value) -> Option<Value> {
        self.inner.set_index(name, val)
    }

    fn get_index<'a>(&'a self, name: &str) -> Option<ValueCow<'a>> {
        self.inner.get_index(name)
    }

    fn registers(&self) -> &Registers {
        self.inner.registers()
    }
}
