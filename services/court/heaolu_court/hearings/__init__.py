"""Hearings the municipality attends (court hearings, hearings of minors by police or court)
and pre-court mediation between separated parents."""
