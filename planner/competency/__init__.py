"""Competency model (胜任素质模型): versioned frameworks and assessments."""
