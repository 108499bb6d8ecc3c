//! A storage backend that counts reads and writes of the index, for the tests
//! that check a change touches only what it must.

use std::cell::Cell;
use std::rc::Rc;
use turnaround::core::store::{Backend, Memory, StoreError, INDEX_KEY};

#[derive(Clone, Default)]
pub struct Counting {
    pub inner: Memory,
    pub index_reads: Rc<Cell<usize>>,
    pub index_writes: usize,
}

impl Backend for Counting {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        if key == INDEX_KEY {
            self.index_reads.set(self.index_reads.get() + 1);
        }
        self.inner.get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if key == INDEX_KEY {
            self.index_writes += 1;
        }
        self.inner.set(key, value)
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.inner.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        self.inner.keys()
    }
}
