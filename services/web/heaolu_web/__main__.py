from heaolu_shared.cli import main
from heaolu_web.main import commands

main(commands)
