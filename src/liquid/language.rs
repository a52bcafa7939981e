//! The tags, blocks and filters of Studio's Liquid: the crate's standard library, with our
//! own versions registered over the ones that behave differently from Shopify Liquid.

use liquid_core::parser::{Language, ParseBlock, ParseFilter, ParseTag};
use liquid_lib::stdlib;

use super::studio;

pub fn studio() -> Language {
    let mut language = Language::empty();
    let tags: Vec<Box<dyn ParseTag>> = vec![
        Box::new(studio::assign::AssignTag),
        Box::new(stdlib::BreakTag),
        Box::new(stdlib::ContinueTag),
        Box::new(studio::cycle::CycleTag),
        Box::new(stdlib::IncrementTag),
        Box::new(stdlib::DecrementTag),
        Box::new(studio::partial::INCLUDE),
        Box::new(studio::partial::RENDER),
        Box::new(studio::tags::ECHO),
        Box::new(studio::tags::INSPECT_TAG),
        Box::new(studio::lax_output::LaxOutputTag),
    ];
    for tag in tags {
        language
            .tags
            .register(tag.reflection().tag().to_string(), tag);
    }
    let blocks: Vec<Box<dyn ParseBlock>> = vec![
        Box::new(stdlib::RawBlock),
        Box::new(studio::IF),
        Box::new(studio::UNLESS),
        Box::new(stdlib::IfChangedBlock),
        Box::new(studio::ForBlock),
        Box::new(studio::TableRowBlock),
        Box::new(stdlib::CommentBlock),
        Box::new(studio::CaptureBlock),
        Box::new(studio::CaseBlock),
        Box::new(studio::tags::DocBlock),
    ];
    for block in blocks {
        language
            .blocks
            .register(block.reflection().start_tag().to_string(), block);
    }
    let filters: Vec<Box<dyn ParseFilter>> = vec![
        Box::new(stdlib::Abs),
        Box::new(stdlib::AtLeast),
        Box::new(stdlib::AtMost),
        Box::new(stdlib::Capitalize),
        Box::new(stdlib::Ceil),
        Box::new(stdlib::Compact),
        Box::new(stdlib::Concat),
        Box::new(stdlib::Date),
        Box::new(stdlib::Default),
        Box::new(stdlib::DividedBy),
        Box::new(stdlib::Downcase),
        Box::new(stdlib::Escape),
        Box::new(stdlib::EscapeOnce),
        Box::new(stdlib::First),
        Box::new(stdlib::Floor),
        Box::new(stdlib::Join),
        Box::new(stdlib::Last),
        Box::new(stdlib::Lstrip),
        Box::new(stdlib::Map),
        Box::new(stdlib::Modulo),
        Box::new(stdlib::NewlineToBr),
        Box::new(stdlib::Remove),
        Box::new(stdlib::RemoveFirst),
        Box::new(stdlib::Replace),
        Box::new(stdlib::ReplaceFirst),
        Box::new(stdlib::Reverse),
        Box::new(stdlib::Round),
        Box::new(stdlib::Rstrip),
        Box::new(stdlib::Size),
        Box::new(stdlib::Slice),
        Box::new(stdlib::Sort),
        Box::new(stdlib::SortNatural),
        Box::new(stdlib::Split),
        Box::new(stdlib::Strip),
        Box::new(stdlib::StripHtml),
        Box::new(stdlib::StripNewlines),
        Box::new(stdlib::Times),
        Box::new(stdlib::Truncate),
        Box::new(stdlib::TruncateWords),
        Box::new(stdlib::Upcase),
        Box::new(stdlib::UrlDecode),
        Box::new(stdlib::UrlEncode),
        Box::new(stdlib::Where),
    ];
    for filter in filters {
        language
            .filters
            .register(filter.reflection().name().to_string(), filter);
    }
    // Registered last, so that these replace the crate's filters of the same name.
    for filter in studio::all() {
        language
            .filters
            .register(filter.name.to_string(), Box::new(filter));
    }
    language
}
