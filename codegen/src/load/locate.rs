//! Finds the line and column of every node of a YAML document, keyed by its YAML path.
//!
//! serde_yaml gives us values but no positions, so the same text is also read once as a
//! stream of parser events, which carry markers. Paths are built the same way in
//! both walks (see [`child_path`]), which is how the two are joined.

use std::collections::BTreeMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// 1-based (line, column) of each YAML path.
pub type Positions = BTreeMap<String, (usize, usize)>;

/// The path of a child: `parent.key` for mappings, `parent[3]` for sequences.
pub fn child_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// The path of a sequence item.
pub fn item_path(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

/// What one pass of the YAML event parser finds in a file: the first alias or second
/// document, if any, and the positions of every node of the first document.
pub struct Scan {
    /// The first alias or second document, with its 1-based (line, column).
    pub unsupported: Option<(Unsupported, usize, usize)>,
    /// Positions of every node of the first document; positions past a syntax error
    /// are missing.
    pub positions: Positions,
}

/// Reads `text` once as parser events: [`Scan::unsupported`] and [`Scan::positions`]
/// together (they were two passes over the same text).
pub fn scan(text: &str) -> Scan {
    let mut locator = Locator::default();
    // A syntax error is reported from serde_yaml's parse, which has its own location;
    // what came before it counts. Every document is read, to find a second one.
    let _ = Parser::new_from_str(text).load(&mut locator, true);
    Scan {
        unsupported: locator.unsupported,
        positions: locator.positions,
    }
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, index: usize },
}

#[derive(Default)]
struct Locator {
    positions: Positions,
    stack: Vec<Frame>,
    documents: usize,
    unsupported: Option<(Unsupported, usize, usize)>,
}

impl Locator {
    /// Called when a node starts: returns its path, or `None` when the node is a key.
    fn node_path(&mut self, key_text: Option<&str>, mark: Marker) -> Option<String> {
        let pos = (mark.line(), mark.col() + 1);
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Map { path, key }) => match key.take() {
                None => {
                    // This node is a key: remember it and point its path at it.
                    let text = key_text.unwrap_or("?").to_owned();
                    self.positions.entry(child_path(path, &text)).or_insert(pos);
                    // A block mapping is marked at its first `:`; when nothing earlier
                    // (its own key) points at it, its first key does.
                    if let Some(start) = self.positions.get_mut(path.as_str()) {
                        if pos < *start {
                            *start = pos;
                        }
                    }
                    *key = Some(text);
                    None
                }
                Some(k) => Some(child_path(path, &k)),
            },
            Some(Frame::Seq { path, index }) => {
                let p = item_path(path, *index);
                *index += 1;
                self.positions.entry(p.clone()).or_insert(pos);
                Some(p)
            }
        }
    }
}

impl MarkedEventReceiver for Locator {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.unsupported.is_none() {
            let found = match ev {
                Event::DocumentStart if self.documents >= 1 => Some(Unsupported::SecondDocument),
                Event::Alias(_) => Some(Unsupported::Alias),
                _ => None,
            };
            if let Some(what) = found {
                self.unsupported = Some((what, mark.line(), mark.col() + 1));
            }
        }
        if self.documents > 1 {
            return;
        }
        match ev {
            Event::DocumentStart => self.documents += 1,
            Event::Scalar(text, ..) => {
                self.node_path(Some(&text), mark);
            }
            Event::Alias(_) => {
                self.node_path(None, mark);
            }
            Event::MappingStart(..) => {
                let path = self.node_path(None, mark).unwrap_or_default();
                self.positions
                    .entry(path.clone())
                    .or_insert((mark.line(), mark.col() + 1));
                self.stack.push(Frame::Map { path, key: None });
            }
            Event::SequenceStart(..) => {
                let path = self.node_path(None, mark).unwrap_or_default();
                self.positions
                    .entry(path.clone())
                    .or_insert((mark.line(), mark.col() + 1));
                self.stack.push(Frame::Seq { path, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// A YAML feature the format leaves out, found where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsupported {
    /// `*name`: a reference to an anchored node. The values it stands for would have no
    /// place of their own in the file to report problems at.
    Alias,
    /// A `---` that starts a second document in the same file.
    SecondDocument,
}
