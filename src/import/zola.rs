//! Zola.
use super::{Project, Report, SourceFiles};
pub fn read(_src: &dyn SourceFiles, _report: &mut Report) -> Result<Project, String> {
    Err("todo".into())
}
