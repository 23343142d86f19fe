"""Named decisions: who is hired where, who exits and how, who is promoted."""
