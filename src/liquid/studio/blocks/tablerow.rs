//! `tablerow`: the loop's items as HTML table cells, `cols` to a row, with Shopify's exact
//! markup (a newline after each `<tr>` opening the table and after each `</tr>`).

use std::io::Write;

use liquid_core::error::ResultLiquidReplaceExt;
use liquid_core::model::Value;
use liquid_core::{
    BlockReflection, Language, ParseBlock, Renderable, Result, Runtime, TagBlock, TagTokenIter,
};

use super::super::operand::to_integer;
use super::for_block::Header;
use super::scope::counters;
use super::{parse_until, report_blank, Body};

#[derive(Copy, Clone, Debug, Default)]
pub struct TableRowBlock;

impl BlockReflection for TableRowBlock {
    fn start_tag(&self) -> &str {
        "tablerow"
    }

    fn end_tag(&self) -> &str {
        "endtablerow"
    }

    fn description(&self) -> &str {
        "Renders its body in an HTML table cell for each item of a collection."
    }
}

#[derive(Debug)]
struct TableRow {
    header: Header,
    body: Body,
}

impl ParseBlock for TableRowBlock {
    fn parse(
        &self,
        arguments: TagTokenIter<'_>,
        mut block: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let header = Header::parse(arguments, &["cols"])?;
        let (body, _) = parse_until(&mut block, &[], options)?;
        block.assert_empty();
        report_blank(false);
        Ok(Box::new(TableRow { header, body }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

impl Renderable for TableRow {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let collection = self.header.collection(runtime);
        let items = self
            .header
            .items("tablerow", collection.as_view(), runtime)?;
        let length = items.len();
        let cols = self
            .header
            .extra
            .iter()
            .find(|(name, _)| name == "cols")
            .map(|(_, v)| to_integer(v.evaluate(runtime).as_view()))
            .filter(|&c| c > 0)
            .map_or(length, |c| c as usize)
            .max(1);
        writeln!(writer, "<tr class=\"row1\">").replace("Failed to render")?;
        for (i, item) in items.iter().enumerate() {
            let (row, col0) = (i / cols + 1, i % cols);
            write!(writer, "<td class=\"col{}\">", col0 + 1).replace("Failed to render")?;
            let helper = ("tablerowloop", tablerowloop(i, length, cols));
            let broke = (self.header).iterate(
                &self.body,
                false,
                writer,
                runtime,
                item.as_view(),
                helper,
            )?;
            write!(writer, "</td>").replace("Failed to render")?;
            if broke {
                break;
            }
            if col0 + 1 == cols && i + 1 < length {
                write!(writer, "</tr>\n<tr class=\"row{}\">", row + 1)
                    .replace("Failed to render")?;
            }
        }
        writeln!(writer, "</tr>").replace("Failed to render")?;
        Ok(())
    }
}

fn tablerowloop(i: usize, length: usize, cols: usize) -> Value {
    let mut object = counters(i, length);
    let n = |v: usize| Value::scalar(v as i64);
    let col0 = i % cols;
    object.insert("col".into(), n(col0 + 1));
    object.insert("col0".into(), n(col0));
    object.insert("col_first".into(), Value::scalar(col0 == 0));
    object.insert(
        "col_last".into(),
        Value::scalar(col0 + 1 == cols || i + 1 == length),
    );
    object.insert("row".into(), n(i / cols + 1));
    Value::Object(object)
}
