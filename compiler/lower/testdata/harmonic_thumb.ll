; ModuleID = 'jlremote'
source_filename = "jlremote"
target triple = "thumbv7m-unknown-none-eabi"

define double @julia_test1_Int32(i32 %0) !dbg !4 {
entry:
  %iter = alloca i32, align 4
  %i = alloca i32, align 4
  store i32 0, ptr %i, align 4
  %n = alloca i32, align 4
  store i32 0, ptr %n, align 4
  %s = alloca double, align 8
  store double 0.000000e+00, ptr %s, align 8
  store i32 %0, ptr %n, align 4
  store double 0.000000e+00, ptr %s, align 8, !dbg !7
  %n1 = load i32, ptr %n, align 4, !dbg !8
  %1 = icmp sle i32 1, %n1, !dbg !9
  store i32 1, ptr %iter, align 4, !dbg !9
  br i1 %1, label %for.body, label %for.end, !dbg !9

for.body:                                         ; preds = %for.inc, %entry
  %2 = load i32, ptr %iter, align 4, !dbg !9
  store i32 %2, ptr %i, align 4, !dbg !9
  %i2 = load i32, ptr %i, align 4, !dbg !10
  %3 = sitofp i32 %i2 to double, !dbg !11
  %4 = fdiv double 1.000000e+00, %3, !dbg !11
  %s3 = load double, ptr %s, align 8, !dbg !12
  %5 = fadd double %s3, %4, !dbg !12
  store double %5, ptr %s, align 8, !dbg !12
  br label %for.latch, !dbg !9

for.latch:                                        ; preds = %for.body
  %6 = load i32, ptr %iter, align 4, !dbg !9
  %7 = icmp eq i32 %6, %n1, !dbg !9
  br i1 %7, label %for.end, label %for.inc, !dbg !9

for.end:                                          ; preds = %for.latch, %entry
  %s4 = load double, ptr %s, align 8, !dbg !13
  ret double %s4, !dbg !14

for.inc:                                          ; preds = %for.latch
  %8 = add i32 %6, 1, !dbg !9
  store i32 %8, ptr %iter, align 4, !dbg !9
  br label %for.body, !dbg !9
}

!llvm.module.flags = !{!0, !1}
!llvm.dbg.cu = !{!2}

!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = !{i32 2, !"Dwarf Version", i32 4}
!2 = distinct !DICompileUnit(language: DW_LANG_Julia, file: !3, producer: "jlremote", isOptimized: true, runtimeVersion: 0, emissionKind: LineTablesOnly)
!3 = !DIFile(filename: "test.jl", directory: ".")
!4 = distinct !DISubprogram(name: "test1", linkageName: "julia_test1_Int32", scope: !3, file: !3, line: 4, type: !5, scopeLine: 4, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !2)
!5 = !DISubroutineType(types: !6)
!6 = !{}
!7 = !DILocation(line: 5, column: 5, scope: !4)
!8 = !DILocation(line: 6, column: 15, scope: !4)
!9 = !DILocation(line: 6, column: 5, scope: !4)
!10 = !DILocation(line: 7, column: 18, scope: !4)
!11 = !DILocation(line: 7, column: 14, scope: !4)
!12 = !DILocation(line: 7, column: 9, scope: !4)
!13 = !DILocation(line: 9, column: 12, scope: !4)
!14 = !DILocation(line: 9, column: 5, scope: !4)
